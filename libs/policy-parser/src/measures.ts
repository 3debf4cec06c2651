import { findAssignment } from './assignment';
import type { Located, MeasureDraft } from './draft';
import { parseDeadlineDetail } from './deadline';
import type { Line } from './lines';
import { matchItemMarker } from './numbering';
import { liveNodes, pathOf, type OutlineNode } from './outline';
import { compactRanges, spanOf, type Compact } from './text-map';
import type { ParsedMeasure } from './types';
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

/** Reads one numbered prose item as a measure; null when it has no text of its own. */
export function proseMeasure(src: string, lines: Line[], node: OutlineNode): MeasureDraft | null {
  const c = nodeText(src, lines, node);
  const marker = matchItemMarker(c.text);
  const from = marker ? marker.length : 0;
  const assignment = findAssignment(c.text, from);
  const end = assignment ? assignment.end : c.text.length;
  const period = c.text.indexOf('。', from);
  if (period < 0 && !assignment) return null;
  const titleEnd =
    period >= 0 && (!assignment || period < assignment.start) ? period : assignment ? assignment.start : end;
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
export function proseMeasures(src: string, lines: Line[], roots: OutlineNode[]): MeasureDraft[] {
  const out: MeasureDraft[] = [];
  for (const node of liveNodes(roots)) {
    if (node.children.length) continue;
    const m = proseMeasure(src, lines, node);
    if (m) out.push(m);
  }
  return out;
}

/** Works out the deadline and the clerk-facing warnings of a measure. */
export function finalizeMeasure(d: MeasureDraft, documentYear: number | null): ParsedMeasure {
  const warnings: string[] = [];
  const deadlineText = d.deadline?.text ?? null;
  let deadline: string | null = null;
  let ongoing = false;
  if (deadlineText) {
    const detail = parseDeadlineDetail(deadlineText, documentYear);
    deadline = detail.deadline;
    ongoing = detail.ongoing;
    if (detail.dateCount > 1) warnings.push('完成时限含多个日期，已取最后一个');
    if (!deadline && !ongoing) warnings.push('完成时限未能识别为日期，请人工核对');
  }
  if (!d.title?.text) warnings.push('未识别到措施标题');
  if (!d.lead.length && !d.responsible.length) warnings.push('未识别到责任单位');
  for (const u of [...d.lead, ...d.responsible]) {
    if (isGenericUnit(u.text)) warnings.push(`“${u.text}”为泛指单位，请选择具体单位`);
  }
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
    warnings: [...new Set(warnings)],
  };
}
