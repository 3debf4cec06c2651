import { findAssignment } from './assignment';
import type { Located, MeasureDraft } from './draft';
import { parseDeadlineDetail } from './deadline';
import type { Line } from './lines';
import { matchItemMarker } from './numbering';
import { liveNodes, pathOf, type OutlineNode } from './outline';
import { compactRanges, spanOf, type Compact } from './text-map';
import type { ParsedMeasure } from './types';
import { confidenceOf, type MeasureWarning } from './warnings';
import { isGenericUnit } from './units';

const located = (c: Compact, start: number, end: number, text = c.text.slice(start, end)): Located => ({
  text,
  span: spanOf(c, start, end),
});

/** Compact text of a node's own lines (page markers, repeated headers and blank lines left out). */
function nodeText(src: string, lines: Line[], node: OutlineNode): Compact {
  const ranges: Array<[number, number]> = [];
  for (let i = node.from; i < node.to; i++)
    if (lines[i].kind === 'text') ranges.push([lines[i].cs, lines[i].end]);
  return compactRanges(src, ranges);
}

const MAX_HEADING_TITLE = 30;
const balanced = (s: string) =>
  [...'“（(《'].every((open, k) => s.split(open).length === s.split('”）)》'[k]).length);

/**
 * "1.持续深化商事制度改革" alone on its line, well short of the line width, with the body on the next
 * line: the title is that line. Returns where it ends in the compact node text, or -1.
 */
function headingLineEnd(src: string, lines: Line[], node: OutlineNode, width: number): number {
  const own: number[] = [];
  for (let i = node.from; i < node.to && own.length < 3; i++) if (lines[i].kind === 'text') own.push(i);
  // a bare "（二）" has its title on the next line
  const t = matchItemMarker(lines[own[0]].text)?.length === lines[own[0]].text.length ? 1 : 0;
  const head = lines[own[t]];
  const next = lines[own[t + 1]];
  if (!head || !next || head.text.length >= width * 0.7 || head.text.includes('。')) return -1;
  if (/[，、；：,;:（(“《—]$/.test(head.text) || !balanced(head.text)) return -1;
  // the next line carries on the sentence: "准。（市通信管理局负责）" after "…建设标"
  if (/^[，。、；：,.;:）)”》“《（(]|^[^，。、；：]{1,2}[，。、；：]/.test(next.text)) return -1;
  const end = compactRanges(
    src,
    own.slice(0, t + 1).map((i) => [lines[i].cs, lines[i].end]),
  ).text.length;
  // a heading is a short phrase; a longer line is a paragraph broken by a stray blank line
  return end - (matchItemMarker(lines[own[0]].text)?.length ?? 0) <= MAX_HEADING_TITLE ? end : -1;
}

/** Reads one numbered prose item as a measure; null when it has no text of its own. */
export function proseMeasure(src: string, lines: Line[], node: OutlineNode, width = 0): MeasureDraft | null {
  const c = nodeText(src, lines, node);
  const marker = matchItemMarker(c.text);
  const from = marker ? marker.length : 0;
  const assignment = findAssignment(c.text, from);
  const end = assignment ? assignment.end : c.text.length;
  const period = c.text.indexOf('。', from);
  if (period < 0 && !assignment) return null;
  let titleEnd =
    period >= 0 && (!assignment || period < assignment.start) ? period : assignment ? assignment.start : end;
  const headEnd = headingLineEnd(src, lines, node, width);
  if (headEnd > from && headEnd < titleEnd) titleEnd = headEnd;
  let t = titleEnd;
  while (t > from && /[；;：:，,。\s]/.test(c.text[t - 1])) t--;
  return {
    number: marker?.label ?? '',
    path: pathOf(node),
    span: spanOf(c, 0, end),
    title: t > from ? located(c, from, t) : null,
    body: c.text.slice(from, end),
    lead: assignment ? assignment.lead.map((p) => located(c, p.start, p.end, p.name)) : [],
    responsible: assignment ? assignment.responsible.map((p) => located(c, p.start, p.end, p.name)) : [],
    deadline: assignment?.deadline
      ? located(c, assignment.deadline.start, assignment.deadline.end, assignment.deadline.text)
      : null,
    hasAssignment: Boolean(assignment && (assignment.lead.length || assignment.responsible.length)),
  };
}

/** Measures are the innermost numbered items outside skipped sections. */
export function proseMeasures(
  src: string,
  lines: Line[],
  roots: OutlineNode[],
  width: number,
): MeasureDraft[] {
  const out: MeasureDraft[] = [];
  for (const node of liveNodes(roots)) {
    if (node.children.length) continue;
    const m = proseMeasure(src, lines, node, width);
    if (m) out.push(m);
  }
  return out;
}

/** Works out the deadline and the warnings of a measure. */
export function finalizeMeasure(
  d: MeasureDraft,
  documentYear: number | null,
  issuedOn: string | null = null,
): ParsedMeasure {
  const flags: MeasureWarning[] = [...(d.doubts ?? [])];
  const deadlineText = d.deadline?.text ?? null;
  let deadline: string | null = null;
  let ongoing = false;
  if (deadlineText) {
    const detail = parseDeadlineDetail(deadlineText, documentYear);
    deadline = detail.deadline;
    ongoing = detail.ongoing;
    if (detail.dateCount > 1)
      flags.push({ code: 'deadline_several_dates', message: '完成时限含多个日期，已取最后一个' });
    if (!deadline && !ongoing)
      flags.push({ code: 'deadline_unreadable', message: '完成时限未能识别为日期，请人工核对' });
    if (deadline && issuedOn && deadline < issuedOn)
      flags.push({
        code: 'deadline_before_document',
        message: `完成时限（${deadline}）早于成文日期，请核对`,
      });
  }
  if (!d.title?.text) flags.push({ code: 'no_title', message: '未识别到措施标题' });
  if (!d.lead.length && !d.responsible.length) flags.push({ code: 'no_units', message: '未识别到责任单位' });
  for (const u of [...d.lead, ...d.responsible]) {
    if (isGenericUnit(u.text))
      flags.push({ code: 'generic_unit', message: `“${u.text}”为泛指单位，请选择具体单位` });
  }
  const unique = flags.filter((f, k) => flags.findIndex((g) => g.message === f.message) === k);
  return {
    number: d.number,
    path: d.path,
    title: d.title?.text ?? '',
    body: d.body,
    leadUnits: d.lead.map((u) => u.text),
    responsibleUnits: d.responsible.map((u) => u.text),
    deadlineText,
    deadline,
    ongoing,
    spans: {
      measure: d.span,
      title: d.title?.span ?? null,
      leadUnits: d.lead.map((u) => u.span),
      responsibleUnits: d.responsible.map((u) => u.span),
      deadline: d.deadline?.span ?? null,
    },
    flags: unique,
    warnings: unique.map((f) => f.message),
    confidence: confidenceOf(unique),
  };
}
