import { looksLikeDeadline } from './deadline';
import { looksLikeUnit, splitTopLevel, splitUnitPieces, type UnitPiece } from './units';

/** Who does a measure and by when, with positions in the compact measure text. */
export interface Assignment {
  /** Where the assignment (with its brackets) sits in the compact text. */
  start: number;
  end: number;
  lead: UnitPiece[];
  responsible: UnitPiece[];
  deadline: { text: string; start: number; end: number } | null;
}

const OPENERS = '（(〔[【';
const CLOSERS = '）)〕]】';
const LABEL_RE =
  /(牵头(?:单位|部门|处室)|主责(?:单位|部门)|责任(?:单位|部门|处室|主体)|配合(?:单位|部门)|协办(?:单位|部门)|协同(?:单位|部门)|参与(?:单位|部门)|完成(?:时限|时间|期限)|时间(?:节点|要求)|时限要求|时限)(?:[:：]|(?=\d))/g;

/** "X牵头，…" inside a 责任单位 value (not the 牵头单位 in a name such as "各产业链牵头单位"). */
const LEAD_INSIDE_RE = /^[^（(〔[【“]+?牵头(?:负责)?(?:[，,；;、]|$)/;

type Role = 'lead' | 'responsible' | 'deadline';
const roleOf = (label: string): Role =>
  /^(牵头|主责)/.test(label) ? 'lead' : /时限|时间|期限/.test(label) ? 'deadline' : 'responsible';

const shift = (pieces: UnitPiece[], by: number) =>
  pieces.map((p) => ({ ...p, start: p.start + by, end: p.end + by }));

/** Bracket groups at depth 0: [open, close] (close = text.length when never closed). */
function bracketGroups(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let depth = 0;
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (OPENERS.includes(c)) {
      if (depth === 0) open = i;
      depth++;
    } else if (CLOSERS.includes(c) && depth > 0) {
      depth--;
      if (depth === 0) out.push([open, i]);
    }
  }
  if (depth > 0 && open >= 0) out.push([open, text.length]);
  return out;
}

/** Parses "牵头单位：X；责任单位：Y；完成时限：Z" (labels in any order, any separators). */
function parseLabelled(inner: string, base: number): Omit<Assignment, 'start' | 'end'> | null {
  const labels = [...inner.matchAll(LABEL_RE)];
  if (!labels.length) return null;
  const result: Omit<Assignment, 'start' | 'end'> = { lead: [], responsible: [], deadline: null };
  labels.forEach((m, k) => {
    const from = m.index + m[0].length;
    const to = k + 1 < labels.length ? labels[k + 1].index : inner.length;
    let value = inner.slice(from, to);
    const stop = value.indexOf('。');
    if (stop >= 0) value = value.slice(0, stop);
    const role = roleOf(m[1]);
    if (role === 'deadline') {
      const trimmed = value.replace(/[；;，,。.、\s]+$/, '');
      if (trimmed) result.deadline = { text: trimmed, start: base + from, end: base + from + trimmed.length };
    } else if (role === 'responsible' && LEAD_INSIDE_RE.test(value)) {
      // "责任单位：X牵头，Y按职责分工负责": X leads although the label says 责任单位
      const inner = parseUnlabelled(value, base + from, false);
      if (inner) {
        result.lead.push(...inner.lead);
        result.responsible.push(...inner.responsible);
      } else result.responsible.push(...shift(splitUnitPieces(value), base + from));
    } else {
      const pieces = shift(splitUnitPieces(value), base + from);
      (role === 'lead' ? result.lead : result.responsible).push(...pieces);
    }
  });
  return result;
}

/**
 * Parses unlabelled assignments: "X牵头，Y按职责分工负责", "X牵头负责，Y配合", "X负责", or a bare
 * unit list. Returns null when the text does not read as an assignment.
 */
function parseUnlabelled(
  inner: string,
  base: number,
  bareListAllowed: boolean,
): Omit<Assignment, 'start' | 'end'> | null {
  const result: Omit<Assignment, 'start' | 'end'> = { lead: [], responsible: [], deadline: null };
  let body = inner;
  // a trailing deadline clause: "…负责，2023年底前完成"
  const clauses = splitTopLevel(inner, '，,；;');
  const lastClause = clauses[clauses.length - 1];
  const lastText = inner.slice(lastClause[0], lastClause[1]);
  if (clauses.length > 1 && looksLikeDeadline(lastText)) {
    result.deadline = {
      text: lastText.replace(/完成$/, ''),
      start: base + lastClause[0],
      end: base + lastClause[1],
    };
    body = inner.slice(0, lastClause[0]);
  }
  const lead = body.indexOf('牵头');
  const hasVerb = /(负责|配合|参与|落实)[。.]?$/.test(body);
  if (lead > 0) {
    const leadPieces = splitUnitPieces(body.slice(0, lead));
    if (!leadPieces.length || !leadPieces.every((p) => looksLikeUnit(p.name))) return null;
    result.lead = shift(leadPieces, base);
    const restStart = lead + body.slice(lead).match(/^牵头(负责)?[，,；;、]?/)![0].length;
    result.responsible = shift(splitUnitPieces(body.slice(restStart)), base + restStart);
  } else if (hasVerb || bareListAllowed) {
    const pieces = splitUnitPieces(body);
    if (!pieces.length || !pieces.every((p) => looksLikeUnit(p.name))) return null;
    result.responsible = shift(pieces, base);
  } else return null;
  if (!result.responsible.every((p) => looksLikeUnit(p.name)))
    result.responsible = result.responsible.filter((p) => looksLikeUnit(p.name));
  return result;
}

/** Reads an assignment written without brackets, e.g. a table cell "X牵头；Y按职责负责". */
export function parseAssignmentText(text: string): Omit<Assignment, 'start' | 'end'> | null {
  return parseLabelled(text, 0) ?? parseUnlabelled(text, 0, true);
}

/**
 * Finds the assignment of a measure in its compact text: the last bracketed group that reads as
 * one (labels, "X牵头", "X负责", or a bare unit list closing the measure), else labels written
 * as plain sentences ("牵头单位：X。责任单位：Y。").
 */
export function findAssignment(text: string, from = 0): Assignment | null {
  const groups = bracketGroups(text).filter(([o]) => o >= from);
  for (let g = groups.length - 1; g >= 0; g--) {
    const [open, close] = groups[g];
    const inner = text.slice(open + 1, close);
    const isLast = g === groups.length - 1 && /^[。.；;，,\s]*$/.test(text.slice(close + 1));
    const parsed = parseLabelled(inner, open + 1) ?? parseUnlabelled(inner, open + 1, isLast);
    if (parsed && (parsed.lead.length || parsed.responsible.length || parsed.deadline)) {
      return { start: open, end: Math.min(text.length, close + 1), ...parsed };
    }
  }
  // labels outside brackets; only the part after the last bracket group that closed
  LABEL_RE.lastIndex = 0;
  let first: RegExpExecArray | null = null;
  for (const m of text.matchAll(LABEL_RE)) {
    if (m.index < from || insideGroup(groups, m.index)) continue;
    first = m;
    break;
  }
  if (first) {
    const segment = text.slice(first.index);
    const parsed = parseLabelled(segment, first.index);
    if (parsed) return { start: first.index, end: text.length, ...parsed };
  }
  return null;
}

const insideGroup = (groups: Array<[number, number]>, at: number) =>
  groups.some(([o, c]) => at > o && at < c);
