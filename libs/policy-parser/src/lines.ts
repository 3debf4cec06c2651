/**
 * Splits input into lines and marks the ones that carry no document text: PDF page markers,
 * table headers repeated after a page break, bare URLs and markdown rules.
 */
export type LineKind = 'text' | 'blank' | 'page' | 'noise' | 'header';

export interface Line {
  index: number;
  start: number;
  end: number;
  /** Offset of the first meaningful character (after indentation and markdown prefixes). */
  cs: number;
  /** Text from cs to end, trailing whitespace trimmed. */
  text: string;
  kind: LineKind;
}

const PAGE_RE = /^#\s*Page\s+\d+\s*[:：]?$/i;
const NOISE_RE = /^(<?https?:\/\/\S+>?|-{3,}|\*{3,}|_{3,})$/;
const MD_PREFIX_RE = /^(?:#{1,6}\s+|>\s*)?(?:\*\*\s*)?/;
/** Column names of assignment tables ("序号 / 重点任务 / 主要内容 / 牵头部门 / 责任单位" …). */
export const HEADER_WORD_RE =
  /^(序号|编号|(?:主要|重点|目标)?(?:工作)?任务|责任人|联系人|(?:分管|包保)领导|任务名称|任务内容|主要内容|具体内容|工作内容|具体措施|工作措施|改革措施|主要措施|政策措施|措施|类别|领域|项目|事项|事项名称|(牵头|主责|主办)(部门|单位|领导)|责任(单位|部门|领导|主体)|(配合|协办|参与|承办|落实|实施)(单位|部门|主体)|完成(时限|时间|期限)|时间节点|时限|进度安排|备注)$/;

/** A column of people (牵头领导, 责任人): their names are no units. */
export const isPersonColumn = (name: string) => /领导|人$/.test(name);

/** What a table column holds, by its header: 牵头单位 / 主责部门 lead; 责任单位, 配合部门, 落实单位 … units. */
/** A table header cell as its word, or null: centred headers are often spaced out (`责 任 单 位`). */
export function headerWord(text: string): string | null {
  const word = text.replace(/[\s\u3000]+/g, '');
  return HEADER_WORD_RE.test(word) ? word : null;
}

export function columnRole(name: string): 'lead' | 'responsible' | 'deadline' | null {
  if (isPersonColumn(name)) return null;
  if (/牵头|主责|主办/.test(name)) return 'lead';
  if (/责任|配合|协办|参与|(?:单位|部门|主体)$/.test(name)) return 'responsible';
  if (/时限|时间|期限|进度|节点/.test(name)) return 'deadline';
  return null;
}

export function splitLines(src: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  const n = src.length;
  while (start <= n) {
    let end = src.indexOf('\n', start);
    if (end < 0) end = n;
    const lineEnd = end > start && src.charCodeAt(end - 1) === 13 ? end - 1 : end;
    lines.push(makeLine(src, lines.length, start, lineEnd));
    if (end >= n) break;
    start = end + 1;
  }
  markRepeatedHeaders(lines);
  return lines;
}

function makeLine(src: string, index: number, start: number, end: number): Line {
  const raw = src.slice(start, end);
  const trimmed = raw.replace(/^[\s\u3000\ufeff]+/, '');
  if (!trimmed.trim()) return { index, start, end, cs: end, text: '', kind: 'blank' };
  let cs = start + (raw.length - trimmed.length);
  const body = trimmed.trimEnd();
  if (PAGE_RE.test(body)) return { index, start, end, cs, text: body, kind: 'page' };
  if (NOISE_RE.test(body)) return { index, start, end, cs, text: body, kind: 'noise' };
  const prefix = MD_PREFIX_RE.exec(trimmed)?.[0].length ?? 0;
  cs += prefix;
  let text = trimmed.slice(prefix).trimEnd();
  const lead = text.length - text.replace(/^[\s\u3000]+/, '').length;
  cs += lead;
  text = text.slice(lead);
  return { index, start, end, cs, text, kind: text ? 'text' : 'noise' };
}

/**
 * A run "序号 / 重点任务 / …" of header words. The first run of a table stays 'text' (the table
 * reader needs it); runs that repeat after a page marker become 'header' so prose and cells skip them.
 */
function markRepeatedHeaders(lines: Line[]): void {
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].kind !== 'text' || !/^(序号|编号)$/.test(lines[i].text)) continue;
    let j = i + 1;
    while (j < lines.length && lines[j].kind === 'text' && headerWord(lines[j].text)) j++;
    if (j - i < 3) continue;
    let k = i - 1;
    while (k >= 0 && lines[k].kind === 'blank') k--;
    if (k >= 0 && lines[k].kind === 'page') for (let m = i; m < j; m++) lines[m].kind = 'header';
    i = j - 1;
  }
}

/** Lines that carry document text. */
export const isTextLine = (l: Line) => l.kind === 'text';

/** Length of a full line of the text between from and to: PDF text wraps there, so a much shorter line ends on purpose. */
export function lineWidth(lines: Line[], from: number, to: number): number {
  const lengths: number[] = [];
  for (let i = from; i < to; i++) if (lines[i].kind === 'text') lengths.push(lines[i].text.length);
  lengths.sort((a, b) => a - b);
  return lengths[Math.floor(lengths.length * 0.9)] ?? 0;
}
