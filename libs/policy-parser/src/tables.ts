import type { MeasureDraft, Located } from './draft';
import { looksLikeDeadline } from './deadline';
import { columnRole, headerWord, isPersonColumn, type Line } from './lines';
import { compactRanges, concatCompact, sliceCompact, spanOf, type Compact } from './text-map';
import { looksLikeUnit, splitUnitPieces } from './units';

/**
 * Tables flattened by PDF extraction: every cell is printed on its own line(s), wrapped at the
 * column width, row after row: "序号 / 重点任务 / 主要内容 / 牵头部门 / 责任单位", then "1",
 * "1.优化企业开", "办服务", "推进…。", "市市场监管委", "市政务服务办、市委" …
 */
export interface TableRegion {
  from: number;
  to: number;
  measures: MeasureDraft[];
}

interface Columns {
  group: boolean;
  lead: boolean;
  responsible: boolean;
  deadline: boolean;
  /** A column of people (责任人): the row's last lines that name no unit are theirs. */
  person: boolean;
}

const ROW_END_RE = /^(附件|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])/;
const SEP_END_RE = /[、，,；;]$/;
const SEP_START_RE = /^[、，,；;等）)”]/;
const NONE_CELL_RE = /^[—\-－–/／无]+$/;

function columnsOf(words: string[]): Columns | null {
  const lead = words.some((w) => columnRole(w) === 'lead');
  const responsible = words.some((w) => columnRole(w) === 'responsible');
  const deadline = words.some((w) => columnRole(w) === 'deadline');
  const content = words.filter((w) => /内容|措施|任务|事项|项目|类别|领域/.test(w));
  if (!(lead || responsible || deadline) || !content.length) return null;
  return { group: content.length >= 2, lead, responsible, deadline, person: words.some(isPersonColumn) };
}

/** Finds flattened tables in lines [from, to) and reads their rows as measures. */
export function readTables(src: string, lines: Line[], from: number, to: number): TableRegion[] {
  const regions: TableRegion[] = [];
  for (let i = from; i < to; i++) {
    if (lines[i].kind !== 'text' || !/^(序号|编号)$/.test(lines[i].text)) continue;
    const words: string[] = [];
    let j = i + 1;
    // cells of a table copied from a web page stand apart, a blank line between them
    for (let k = j, w: string | null; k < to && lines[k].kind !== 'page'; k++) {
      if (lines[k].kind === 'blank') continue;
      if (lines[k].kind !== 'text' || !(w = headerWord(lines[k].text))) break;
      words.push(w);
      j = k + 1;
    }
    const cols = words.length >= 2 ? columnsOf(words) : null;
    if (!cols) continue;
    const region = readRows(src, lines, j, to, cols);
    regions.push({ from: i, to: region.end, measures: region.measures });
    i = region.end - 1;
  }
  return regions;
}

function readRows(
  src: string,
  lines: Line[],
  from: number,
  to: number,
  cols: Columns,
): { end: number; measures: MeasureDraft[] } {
  // row starts: a line holding just the next row number
  const starts: number[] = [];
  // a heading row across the table ("一、主要经济指标") followed by the next row: a section, not the end
  const sections: number[] = [];
  let end = to;
  let expected = 1;
  for (let i = from; i < to; i++) {
    const l = lines[i];
    if (l.kind !== 'text') continue;
    if (l.text === String(expected)) {
      starts.push(i);
      expected++;
    } else if (
      ROW_END_RE.test(l.text) &&
      !/^附件/.test(l.text) &&
      nextText(lines, i + 1, to) === String(expected)
    ) {
      sections.push(i);
    } else if (ROW_END_RE.test(l.text) || (!starts.length && i - from > 3 + sections.length)) {
      end = i;
      break;
    }
  }
  if (!starts.length) return { end: from, measures: [] };
  const rowEnd = (k: number) =>
    Math.min(k + 1 < starts.length ? starts[k + 1] : end, ...sections.filter((s) => s > starts[k]));
  const sectionOf = (start: number) => {
    const above = sections.filter((s) => s < start);
    return above.length
      ? compactRanges(src, [[lines[above[above.length - 1]].cs, lines[above[above.length - 1]].end]]).text
      : null;
  };
  const rows = starts.map((s, k) => rowSegments(src, lines, s, rowEnd(k)));
  const lengths = rows.flatMap((r) => r.segments.flat().map((c) => c.text.length)).sort((a, b) => a - b);
  const width = lengths[Math.floor(lengths.length * 0.9)] ?? 15;
  const threshold = Math.max(6, Math.ceil(width * 0.75));
  let group: Compact | null = null;
  let section: string | null = null;
  const measures = rows.map((row, k) => {
    const cells = readRow(row.segments, cols, threshold, width);
    const nowIn = sectionOf(starts[k]);
    // a new section starts its groups afresh
    if (nowIn !== section) group = null;
    section = nowIn;
    if (cells.group) group = cells.group;
    const draft = toDraft(row, cells, group);
    if (section) draft.path.unshift(section);
    return draft;
  });
  return { end, measures };
}

interface Row {
  number: Compact;
  segments: Compact[][];
  span: { start: number; end: number };
}

/** The row's lines as compact texts, split into segments at page breaks. */
function rowSegments(src: string, lines: Line[], from: number, to: number): Row {
  const segments: Compact[][] = [[]];
  let last = lines[from].end;
  for (let i = from + 1; i < to; i++) {
    const l = lines[i];
    if (l.kind === 'page' && segments[segments.length - 1].length) segments.push([]);
    if (l.kind !== 'text') continue;
    segments[segments.length - 1].push(compactRanges(src, [[l.cs, l.end]]));
    last = l.end;
  }
  return {
    number: compactRanges(src, [[lines[from].cs, lines[from].end]]),
    segments,
    span: { start: lines[from].cs, end: last },
  };
}

interface Cells {
  group: Compact | null;
  content: Compact[];
  lead: Compact[];
  responsible: Compact[];
  deadline: Compact[];
}

function readRow(segments: Compact[][], cols: Columns, threshold: number, width: number): Cells {
  const cells: Cells = { group: null, content: [], lead: [], responsible: [], deadline: [] };
  segments.forEach((seg, k) => {
    let rest = seg;
    if (k === 0 && cols.group && rest.length && /^\d{1,2}[.．、]/.test(rest[0].text)) {
      const first = rest[0];
      let n = 1;
      while (n < rest.length - 1 && rest[n].text.length <= first.text.length && !/。$/.test(rest[n].text))
        n++;
      cells.group = concatCompact(rest.slice(0, n));
      rest = rest.slice(n);
    }
    const { content, units } = splitContent(rest, threshold, width, cols.deadline);
    cells.content.push(...content);
    assignUnits(units, cols, cells, k > 0);
  });
  return cells;
}

/** Content lines come first; the unit cells follow them and are narrower. */
function splitContent(
  lines: Compact[],
  threshold: number,
  width: number,
  deadlines: boolean,
): { content: Compact[]; units: Compact[] } {
  let b = 0;
  lines.forEach((l, i) => {
    // a long line is wrapped content, unless it is a whole unit or deadline cell (`发改局(服务业发展局)`, `2024年12月底前`)
    const cell = allUnits(l.text) || (deadlines && looksLikeDeadline(l.text));
    if (/。/.test(l.text) || (l.text.length >= threshold && !cell)) b = i + 1;
  });
  const content = lines.slice(0, b);
  const units = lines.slice(b);
  const lastLine = content[content.length - 1];
  if (lastLine) {
    // "持续推进全市数据共享开放工作。市委网信办": content and the next cell glued on one line
    const stop = lastLine.text.lastIndexOf('。');
    const tail = lastLine.text.slice(stop + 1);
    if (stop >= 0 && tail && lastLine.text.length > width && !/[《“”]/.test(tail)) {
      content[content.length - 1] = sliceCompact(lastLine, 0, stop + 1);
      units.unshift(sliceCompact(lastLine, stop + 1, lastLine.text.length));
    }
  }
  return { content, units };
}

const allUnits = (text: string) => {
  const pieces = splitUnitPieces(text);
  return pieces.length > 0 && pieces.every((p) => looksLikeUnit(p.name));
};

/** Where the lead cell ends and the responsible cell begins among the unit lines. */
function leadBoundary(lines: Compact[]): number {
  for (let k = 0; k < lines.length; k++) if (NONE_CELL_RE.test(lines[k].text)) return k === 0 ? 1 : k;
  let prev = '';
  for (let k = 1; k < lines.length; k++) {
    prev += lines[k - 1].text;
    const next = lines[k].text;
    if (SEP_END_RE.test(prev) || SEP_START_RE.test(next) || !allUnits(prev)) continue;
    const firstPiece = next.split(/[、，,；;]/)[0];
    if (firstPiece.length <= 3 && !/^[市省区县各]/.test(firstPiece)) continue;
    return k;
  }
  return lines.length;
}

function assignUnits(units: Compact[], cols: Columns, cells: Cells, continuation: boolean): void {
  let lines = units;
  if (cols.deadline) {
    let d = lines.length;
    // the deadline cell is the last lines; a unit name above "长期坚持" is not part of it
    while (
      d > 0 &&
      !allUnits(lines[d - 1].text) &&
      looksLikeDeadline(
        lines
          .slice(d - 1)
          .map((l) => l.text)
          .join(''),
      )
    )
      d--;
    // a 责任人 name before the deadline cell ("孙八", "长期坚持"): the cell starts at a line that reads as a date
    if (cols.person) while (d < lines.length && !looksLikeDeadline(lines[d].text)) d++;
    if (d < lines.length) {
      cells.deadline.push(...lines.slice(d));
      lines = lines.slice(0, d);
    }
  }
  // the 责任人 cell: after the unit cells (and before the deadline, taken above)
  if (cols.person) while (lines.length && !allUnits(lines[lines.length - 1].text)) lines = lines.slice(0, -1);
  if (!lines.length) return;
  if (!(cols.lead && cols.responsible)) {
    (cols.lead ? cells.lead : cells.responsible).push(...lines);
    return;
  }
  if (continuation) {
    // after a page break: the leftover of an unfinished cell comes first
    const leadText = cells.lead.map((c) => c.text).join('');
    const leadOpen = !cells.responsible.length && leadText && !allUnits(leadText);
    if (!leadOpen) {
      cells.responsible.push(...lines);
      return;
    }
  }
  const k = leadBoundary(lines);
  cells.lead.push(...lines.slice(0, k));
  cells.responsible.push(...lines.slice(k));
}

function locatedUnits(cells: Compact[]): Located[] {
  const joined = concatCompact(cells.filter((c) => !NONE_CELL_RE.test(c.text)));
  return splitUnitPieces(joined.text).map((p) => ({ text: p.name, span: spanOf(joined, p.start, p.end) }));
}

function toDraft(row: Row, cells: Cells, group: Compact | null): MeasureDraft {
  const content = concatCompact(cells.content);
  let title: Located | null = null;
  if (cells.group) {
    const g = cells.group;
    const at = g.text.match(/^\d{1,2}[.．、]/)?.[0].length ?? 0;
    title = { text: g.text.slice(at), span: spanOf(g, at, g.text.length) };
  } else if (content.text) {
    const stop = content.text.search(/[，,；;。]/);
    const end = stop < 0 ? content.text.length : stop;
    title = { text: content.text.slice(0, end), span: spanOf(content, 0, end) };
  }
  const deadline = concatCompact(cells.deadline);
  return {
    number: row.number.text,
    path: group ? [group.text] : [],
    span: row.span,
    title,
    body: content.text,
    lead: locatedUnits(cells.lead),
    responsible: locatedUnits(cells.responsible),
    deadline: deadline.text ? { text: deadline.text, span: spanOf(deadline, 0, deadline.text.length) } : null,
    hasAssignment: true,
  };
}

function nextText(lines: Line[], from: number, to: number): string | null {
  for (let i = from; i < to; i++) if (lines[i].kind === 'text') return lines[i].text;
  return null;
}
