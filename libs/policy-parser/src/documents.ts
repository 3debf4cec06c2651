import type { Line } from './lines';
import { arabicDate } from './deadline';
import { compactRanges } from './text-map';
import { looksLikeUnit } from './units';

/** Where a document sits in the line list, and what its heading says. */
export interface DocumentFrame {
  /** First line of the document (its heading) and one past its last line. */
  from: number;
  to: number;
  /** Lines taken by the heading itself. */
  bodyFrom: number;
  title: string;
  titleDate: string | null;
  issuer: string | null;
  docNumber: string | null;
  issuedOn: string | null;
  region: string | null;
  /** The signing date line under the cover letter ("2023年2月15日"), if read. */
  signedLine: number | null;
}

const DOC_NUMBER_RE = /^[\u4e00-\u9fa5A-Za-z]{1,16}[〔[（(【]\d{4}[〕\]）)】]第?\d{1,4}号$/;
const DOC_NUMBER_PREFIX_RE =
  /^([\u4e00-\u9fa5A-Za-z]{1,16}[〔[（(【]\d{4}[〕\]）)】]第?\d{1,4}号)(?=各|[\u4e00-\u9fa5]{2,30}[：:，,])/;
const DATE_PAREN_RE = /[（(](\d{4})年(\d{1,2})月(\d{1,2})日[）)]$/;
const DATE_LINE_RE = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;
const DOC_WORD_RE =
  /关于|通知|意见|方案|措施|公告|办法|决定|规定|要点|清单|计划|规划|细则|条例|批复|通告|决议|函/;
const COMPILATION_HEADING_RE = /^(\d{1,3})[\s\u3000]*[.．][\s\u3000]*(?!\d)/;

const pad = (n: string) => n.padStart(2, '0');
const isoDate = (y: string, m: string, d: string) => `${y}-${pad(m)}-${pad(d)}`;

/** Document headings of a compilation: "4. 吉安市…关于印发…的通知（2023 年 6 月 9 日）", possibly wrapped. */
function compilationHeadings(
  src: string,
  lines: Line[],
): Array<{ from: number; bodyFrom: number; title: string; date: string | null }> {
  const out: Array<{ from: number; bodyFrom: number; title: string; date: string | null }> = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.kind !== 'text') continue;
    const m = COMPILATION_HEADING_RE.exec(line.text);
    if (!m) continue;
    const ranges: Array<[number, number]> = [];
    let j = i;
    let taken = 0;
    let found: RegExpExecArray | null = null;
    let joined = '';
    while (j < lines.length && taken < 6) {
      const l = lines[j];
      if (l.kind === 'text') {
        if (j > i && (COMPILATION_HEADING_RE.test(l.text) || /[：:]$/.test(l.text))) break;
        ranges.push([j === i ? l.cs + m[0].length : l.cs, l.end]);
        taken++;
        joined = compactRanges(src, ranges).text;
        found = DATE_PAREN_RE.exec(joined);
        if (found || /。/.test(joined)) break;
      }
      j++;
    }
    if (!found) continue;
    const title = joined.slice(0, found.index);
    if (/[。；;]/.test(title) || !DOC_WORD_RE.test(title) || title.length < 6) continue;
    out.push({ from: i, bodyFrom: j + 1, title, date: isoDate(found[1], found[2], found[3]) });
    i = j;
  }
  return out;
}

/** Title of a stand-alone document: the "关于…的通知" heading, else the first heading-like line. */
function standaloneTitle(
  src: string,
  lines: Line[],
  from: number,
  to: number,
): { title: string; line: number } {
  let fallback: { title: string; line: number } | null = null;
  for (let i = from; i < Math.min(to, from + 40); i++) {
    const l = lines[i];
    if (l.kind !== 'text') continue;
    const t = compactRanges(src, [[l.cs, l.end]]).text;
    if (
      /关于.*(通知|意见|方案|决定|公告|通告|批复|函)$|^.{2,40}(通知|意见|方案|措施|办法|要点)$/.test(t) &&
      !/文件$/.test(t)
    )
      return { title: (/^关于/.test(t) ? issuerLinesAbove(src, lines, from, i) : '') + t, line: i };
    if (!fallback && !/文件$/.test(t) && !DOC_NUMBER_RE.test(t)) fallback = { title: t, line: i };
  }
  return fallback ?? { title: '', line: from };
}

/**
 * "示例市人民政府办公室" on its own line(s) right above "关于印发…的通知": the heading printed in two
 * parts; the issuer lines belong to the title.
 */
function issuerLinesAbove(src: string, lines: Line[], from: number, at: number): string {
  let issuer = '';
  for (let i = at - 1; i >= from && at - i <= 3; i--) {
    if (lines[i].kind === 'blank') continue;
    const t = compactRanges(src, [[lines[i].cs, lines[i].end]]).text;
    if (lines[i].kind !== 'text' || !looksLikeUnit(t) || /文件$|[，。：:；;、]/.test(t)) break;
    issuer = t + issuer;
  }
  return issuer;
}

const SIGNER_RE = /^[\u4e00-\u9fa5（）()]{4,40}$/;
/**
 * The signature above the date: a long name wraps onto a second line ("省城市功能品质提升与工程建设项目审批" /
 * "制度改革部门联席会议办公室（代章）"), the first line not ending like a name; "（代章）" marks the seal, not the name.
 */
function signerName(above: string, last: string): string {
  const name = SIGNER_RE.test(above) && !looksLikeUnit(above) ? above + last : last;
  return name.replace(/[（(](?:代章|盖章|印章)[）)]$/, '');
}

/** The place the issuer governs: "保定市", "河北省", "内蒙古自治区" … */
export function regionOf(name: string | null): string | null {
  if (!name) return null;
  const s = name.replace(/^中共/, '');
  // "省城市功能品质提升…办公室": a name that starts with its level word names no place
  if (/^(关于|印发|[省市县])/.test(s)) return null;
  const m = /^([\u4e00-\u9fa5]{2,10}?(?:特别行政区|自治区|自治州|自治县|省|市|州|盟|地区|县|旗|区))/.exec(s);
  return m ? m[1] : null;
}

function issuerOf(title: string): string | null {
  const m = /^(.{2,60}?)(?:关于|印发)/.exec(title);
  return m && !/关于|印发/.test(m[1]) ? m[1] : null;
}

/** Splits the input into documents and reads each one's heading metadata. */
export function findDocuments(src: string, lines: Line[]): DocumentFrame[] {
  const headings = compilationHeadings(src, lines);
  const frames: DocumentFrame[] = [];
  if (!headings.length) {
    const { title, line } = standaloneTitle(src, lines, 0, lines.length);
    frames.push(frame(src, lines, 0, lines.length, line + 1, title, null, 0));
    return frames;
  }
  headings.forEach((h, k) => {
    const to = k + 1 < headings.length ? headings[k + 1].from : lines.length;
    frames.push(frame(src, lines, h.from, to, h.bodyFrom, h.title, h.date, h.from));
  });
  return frames;
}

function frame(
  src: string,
  lines: Line[],
  from: number,
  to: number,
  bodyFrom: number,
  title: string,
  titleDate: string | null,
  headFrom: number,
): DocumentFrame {
  let docNumber: string | null = null;
  let signedOn: string | null = null;
  let signedLine: number | null = null;
  let signer: string | null = null;
  let prev = '';
  let beforePrev = '';
  for (let i = headFrom, seen = 0; i < to && seen < 40; i++) {
    const l = lines[i];
    if (l.kind !== 'text') continue;
    seen++;
    const t = compactRanges(src, [[l.cs, l.end]]).text;
    // a second 发文字号 heads a notice this one forwards (转发): its signature is not this notice's
    if (docNumber && DOC_NUMBER_RE.test(t)) break;
    if (!docNumber && DOC_NUMBER_RE.test(t)) docNumber = t;
    // "赣府厅字〔2023〕41号各市、县（区）人民政府，…": the number glued to the addressees
    if (!docNumber) docNumber = DOC_NUMBER_PREFIX_RE.exec(t)?.[1] ?? null;
    const d = DATE_LINE_RE.exec(arabicDate(t));
    if (d && !signedOn) {
      signedOn = isoDate(d[1], d[2], d[3]);
      signedLine = i;
      if (SIGNER_RE.test(prev)) signer = signerName(beforePrev, prev);
    }
    beforePrev = prev;
    prev = t;
  }
  const named = issuerOf(title);
  // "区人民政府办公室关于…" as published leaves the place out; the signature names the issuer in full
  const issuer =
    named && signer && signer.length > named.length && signer.endsWith(named) ? signer : (named ?? signer);
  return {
    from,
    to,
    bodyFrom,
    title,
    titleDate,
    issuer,
    docNumber,
    issuedOn: titleDate ?? signedOn,
    region: regionOf(issuer) ?? regionOf(title),
    signedLine,
  };
}
