import { conflictingDeadlines, findAssignments, mergeAssignments, unclosedAt } from './assignment';
import type { Located, MeasureDraft } from './draft';
import { parseDeadlineDetail } from './deadline';
import type { Line } from './lines';
import { matchItemMarker } from './numbering';
import { isAimsHeading, isSkippedHeading, pathOf, type OutlineNode } from './outline';
import { compactRanges, spanOf, type Compact } from './text-map';
import type { ParsedMeasure } from './types';
import { confidenceOf, type MeasureWarning } from './warnings';
import { isGenericUnit } from './units';

const located = (c: Compact, start: number, end: number, text = c.text.slice(start, end)): Located => ({
  text,
  span: spanOf(c, start, end),
});

/** One past the last line of a node with all its descendants. */
const endOf = (n: OutlineNode): number =>
  n.children.length ? endOf(n.children[n.children.length - 1]) : n.to;

/** Compact text of a node's lines, its sub-items included or not (page markers and blank lines left out). */
function nodeText(src: string, lines: Line[], node: OutlineNode, withChildren: boolean): Compact {
  const ranges: Array<[number, number]> = [];
  const to = withChildren ? endOf(node) : node.to;
  for (let i = node.from; i < to; i++) if (lines[i].kind === 'text') ranges.push([lines[i].cs, lines[i].end]);
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

/** Reads one numbered prose item (with its sub-items) as a measure; null when it has no text of its own. */
export function proseMeasure(src: string, lines: Line[], node: OutlineNode, width = 0): MeasureDraft | null {
  const c = nodeText(src, lines, node, true);
  const marker = node.marker;
  // the compact text has lost the space after a bare number ("30 不断优化" → "30不断优化")
  const from = marker.bare ? marker.label.length : (matchItemMarker(c.text)?.length ?? 0);
  const all = findAssignments(c.text, from);
  const assignment = mergeAssignments(all);
  const end = all.length ? Math.max(...all.map((a) => a.end)) : c.text.length;
  const first = all.length ? all[0].start : -1;
  const period = c.text.indexOf('。', from);
  if (period < 0 && !all.length) return null;
  let titleEnd = period >= 0 && (first < 0 || period < first) ? period : first >= 0 ? first : end;
  const headEnd = headingLineEnd(src, lines, node, width);
  if (headEnd > from && headEnd < titleEnd) titleEnd = headEnd;
  let t = titleEnd;
  while (t > from && /[；;：:，,。\s]/.test(c.text[t - 1])) t--;
  const doubts: MeasureWarning[] = [];
  if (assignment.leftover.length)
    doubts.push({
      code: 'assignment_leftover_text',
      message: `分工中有未识别的文字：${assignment.leftover.join('；')}，请核对责任单位`,
    });
  if (all.some((a) => a.end === c.text.length && unclosedAt(c.text, a.start)))
    doubts.push({ code: 'partial_units', message: '分工括号未闭合，责任单位可能不全' });
  const deadlines = conflictingDeadlines(all);
  if (deadlines.length)
    doubts.push({
      code: 'deadline_several_dates',
      message: `分工中写有不同的完成时限（${deadlines.join('；')}），已取最晚的一个，请核对`,
    });
  if (node.sequence)
    doubts.push(
      node.sequence === 'gap'
        ? { code: 'numbering_gap', message: `序号跳号：${marker.label} 之前缺少一项，请核对是否漏识别` }
        : { code: 'numbering_repeat', message: `序号重复：${marker.label}，请核对` },
    );
  return {
    number: marker.label,
    numberStyle: marker.style,
    path: pathOf(node),
    span: spanOf(c, 0, end),
    title: t > from ? located(c, from, t) : null,
    body: c.text.slice(from, end),
    lead: assignment.lead.map((p) => located(c, p.start, p.end, p.name)),
    responsible: assignment.responsible.map((p) => located(c, p.start, p.end, p.name)),
    deadline: assignment.deadline
      ? located(c, assignment.deadline.start, assignment.deadline.end, assignment.deadline.text)
      : null,
    hasAssignment: Boolean(assignment.lead.length || assignment.responsible.length),
    doubts,
  };
}

/** An assignment printed on a section's own heading ("（一）优化审批（牵头单位：市X）"). */
function headingAssignment(src: string, lines: Line[], node: OutlineNode): MeasureDraft | null {
  const c = nodeText(src, lines, node, false);
  const from = matchItemMarker(c.text)?.length ?? 0;
  const all = findAssignments(c.text, from);
  if (!all.length) return null;
  const a = mergeAssignments(all);
  if (!a.lead.length && !a.responsible.length) return null;
  return {
    number: '',
    path: [],
    span: spanOf(c, 0, c.text.length),
    title: null,
    body: '',
    lead: a.lead.map((p) => located(c, p.start, p.end, p.name)),
    responsible: a.responsible.map((p) => located(c, p.start, p.end, p.name)),
    deadline: a.deadline ? located(c, a.deadline.start, a.deadline.end, a.deadline.text) : null,
    hasAssignment: true,
  };
}

/** Gives measures of a group that print no assignment the one printed for the whole group. */
function shareGroupAssignment(members: MeasureDraft[], shared: MeasureDraft | null): void {
  let source = shared;
  let how = '本组标题';
  const own = members.filter((m) => m.hasAssignment);
  // printed once after the group's last measure: only the last one carries it
  if (!source && members.length >= 2 && own.length === 1 && own[0] === members[members.length - 1]) {
    source = own[0];
    how = '本组最后一项';
  }
  if (!source) return;
  for (const m of members) {
    if (m.hasAssignment || m === source) continue;
    m.lead = [...source.lead];
    m.responsible = [...source.responsible];
    if (!m.deadline) m.deadline = source.deadline;
    m.hasAssignment = true;
    (m.doubts ??= []).push({
      code: 'assignment_shared_from_group',
      message: `责任单位取自${how}的分工，请核对是否适用于本项`,
    });
  }
}

/**
 * Measures of a list of sibling items. The level that holds the measures is chosen per section:
 * when most items of a list have no sub-items, the items are the measures and carry their sub-items
 * along ("（1）" inside item 20 belongs to 20); otherwise the items are sections and their own
 * items are read the same way.
 */
function collect(
  src: string,
  lines: Line[],
  kids: OutlineNode[],
  width: number,
  out: MeasureDraft[],
  heading: MeasureDraft | null = null,
): void {
  // a safeguards item ("（十三）强化组织领导。…（责任单位：…）") that carries its own assignment is a measure
  const ownAssigned = (k: OutlineNode) =>
    !k.children.length &&
    !isAimsHeading(k.heading) &&
    Boolean(proseMeasure(src, lines, k, width)?.hasAssignment);
  const skipped = kids.filter((k) => isSkippedHeading(k.heading) && !ownAssigned(k));
  const live = kids.filter((k) => !skipped.includes(k));
  for (const k of skipped) assignedInside(src, lines, k, width, out);
  const parents = live.filter((k) => k.children.length);
  const flat = !parents.length || parents.length * 2 < live.length;
  const members: MeasureDraft[] = [];
  for (const k of live) {
    if (flat || !k.children.length) {
      const m = proseMeasure(src, lines, k, width);
      if (m) members.push(m);
      continue;
    }
    const before = out.length;
    const own = headingAssignment(src, lines, k);
    collect(src, lines, k.children, width, out, own);
    shareGroupAssignment(out.slice(before), own);
  }
  shareGroupAssignment(members, heading);
  const withUnits = members.filter((m) => m.hasAssignment).length;
  if (withUnits * 2 >= members.length)
    for (const m of members)
      if (!m.hasAssignment)
        (m.doubts ??= []).push({
          code: 'no_units_where_siblings_have',
          message: '同组其他措施都有责任单位，本项未识别到，请补充',
        });
  out.push(...members);
}

/** Inside a section that holds no measures, an item with its own assignment is still a measure. */
function assignedInside(
  src: string,
  lines: Line[],
  node: OutlineNode,
  width: number,
  out: MeasureDraft[],
): void {
  for (const k of node.children) {
    if (isAimsHeading(k.heading)) continue;
    if (k.children.length) assignedInside(src, lines, k, width, out);
    else {
      const m = proseMeasure(src, lines, k, width);
      if (m?.hasAssignment) out.push(m);
    }
  }
}

/**
 * The top-level numbered lists of an outline: a new list starts where the top level restarts at 1
 * (a cover letter's requirements, then the plan; two plans in one notice). Each list chooses the
 * level of its measures on its own.
 */
function topLevelLists(roots: OutlineNode[]): OutlineNode[][] {
  const lists: OutlineNode[][] = [];
  for (const root of roots) {
    const list = lists.at(-1);
    if (list && !(root.marker.value === 1 && list.some((r) => r.rank === root.rank))) list.push(root);
    else lists.push([root]);
  }
  return lists;
}

/** Measures of the outline, in document order. */
export function proseMeasures(
  src: string,
  lines: Line[],
  roots: OutlineNode[],
  width: number,
): MeasureDraft[] {
  const lists = topLevelLists(roots).map((list) => {
    const out: MeasureDraft[] = [];
    collect(src, lines, list, width, out);
    return out;
  });
  const assigned = (ms: MeasureDraft[]) => ms.filter((m) => m.hasAssignment).length;
  // lists that assign nothing, before lists that assign nearly everything, are what cover letters ask
  // ("一、提高思想认识" above the plan a notice 印发 or 转发, or above the notice it forwards), not measures
  const first = lists.findIndex((list) => assigned(list) > 0);
  const rest = lists.slice(first).flat();
  const all = (first > 0 && assigned(rest) >= 0.6 * rest.length ? lists.slice(first) : lists).flat();
  // a chapter at the start or the end whose items assign nothing, in a notice whose other
  // chapters assign nearly everything, is aims or safeguards whatever its title says
  const ends = roots.map((r) => lines[endOf(r) - 1].end);
  const perRoot: MeasureDraft[][] = roots.map(() => []);
  for (const d of all)
    perRoot[
      Math.max(
        0,
        ends.findIndex((e) => d.span.start < e),
      )
    ].push(d);
  if (roots.length >= 3 && assigned(all) >= 0.6 * all.length) {
    let a = 0;
    let b = perRoot.length - 1;
    while (a < b && !assigned(perRoot[a])) perRoot[a++] = [];
    while (b > a && !assigned(perRoot[b])) perRoot[b--] = [];
  }
  return perRoot.flat().sort((x, y) => x.span.start - y.span.start);
}

/** Works out the deadline and the warnings of a measure. */
export function finalizeMeasure(
  d: MeasureDraft,
  documentYear: number | null,
  issuedOn: string | null = null,
): ParsedMeasure {
  const flags: MeasureWarning[] = [...(d.doubts ?? [])];
  // a unit named twice (two clauses, a row joined across a page break) is listed once, as lead if ever
  const lead = d.lead.filter((u, k) => d.lead.findIndex((v) => v.text === u.text) === k);
  const responsible = d.responsible.filter(
    (u, k) => !lead.some((v) => v.text === u.text) && d.responsible.findIndex((v) => v.text === u.text) === k,
  );
  const deadlineText = d.deadline?.text ?? null;
  let deadline: string | null = null;
  let ongoing = false;
  if (deadlineText) {
    const detail = parseDeadlineDetail(deadlineText, documentYear, issuedOn);
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
  if (
    !d.lead.length &&
    !d.responsible.length &&
    !flags.some((f) => f.code === 'no_units_where_siblings_have')
  )
    flags.push({ code: 'no_units', message: '未识别到责任单位' });
  for (const u of [...lead, ...responsible]) {
    if (isGenericUnit(u.text))
      flags.push({ code: 'generic_unit', message: `“${u.text}”为泛指单位，请选择具体单位` });
  }
  const unique = flags.filter((f, k) => flags.findIndex((g) => g.message === f.message) === k);
  return {
    number: d.number,
    path: d.path,
    title: d.title?.text ?? '',
    body: d.body,
    leadUnits: lead.map((u) => u.text),
    responsibleUnits: responsible.map((u) => u.text),
    deadlineText,
    deadline,
    ongoing,
    spans: {
      measure: d.span,
      title: d.title?.span ?? null,
      leadUnits: lead.map((u) => u.span),
      responsibleUnits: responsible.map((u) => u.span),
      deadline: d.deadline?.span ?? null,
    },
    flags: unique,
    warnings: unique.map((f) => f.message),
    confidence: confidenceOf(unique),
  };
}
