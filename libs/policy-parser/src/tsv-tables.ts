import { parseAssignmentText } from './assignment';
import { looksLikeDeadline } from './deadline';
import type { Located, MeasureDraft } from './draft';
import { columnRole, isPersonColumn, type Line } from './lines';
import { matchItemMarker } from './numbering';
import { compactRanges, concatCompact, spanOf, type Compact } from './text-map';
import type { TableRegion } from './tables';

/**
 * Tables kept as tab-separated lines (from .docx or clean conversions): a header line naming the
 * columns, then one line per row; merged cells are printed empty and take the value above.
 */
type Role = 'number' | 'group' | 'content' | 'lead' | 'responsible' | 'deadline' | 'other';

function roleOf(name: string): Role {
  if (/序号|编号/.test(name)) return 'number';
  if (/备注/.test(name) || isPersonColumn(name)) return 'other';
  return columnRole(name) ?? 'content';
}

/** The columns' roles when a line's cells read as a table header (short names, no sentence), else null. */
function headerRoles(names: string[]): Role[] | null {
  const roles = names.map(roleOf);
  if (
    names.length < 3 ||
    !roles.includes('content') ||
    !roles.some((r) => r === 'lead' || r === 'responsible' || r === 'deadline') ||
    names.some((n) => n.length > 12 || /[。，,；;、]/.test(n))
  )
    return null;
  return roles;
}

interface Cell {
  c: Compact;
}

function cellsOf(src: string, line: Line): Cell[] {
  const out: Cell[] = [];
  let from = line.start;
  for (let i = line.start; i <= line.end; i++) {
    if (i === line.end || src[i] === '\t') {
      out.push({ c: compactRanges(src, [[from, i]]) });
      from = i + 1;
    }
  }
  return out;
}

const locate = (c: Compact, start: number, end: number, text = c.text.slice(start, end)): Located => ({
  text,
  span: spanOf(c, start, end),
});

export function readTsvTables(src: string, lines: Line[], from: number, to: number): TableRegion[] {
  const regions: TableRegion[] = [];
  for (let i = from; i < to; i++) {
    const l = lines[i];
    if (l.kind !== 'text' || !src.slice(l.start, l.end).includes('\t')) continue;
    const names = cellsOf(src, l).map((x) => x.c.text);
    let roles = headerRoles(names);
    if (!roles) continue;
    const printed = [names];
    let j = i + 1;
    // a header in two rows: "责任分工" over "牵头单位 | 配合单位"
    const sub = lines[j]?.kind === 'text' ? cellsOf(src, lines[j]).map((x) => x.c.text) : [];
    const subNames = sub.filter(Boolean);
    if (subNames.length && subNames.every((n) => n.length <= 12 && columnRole(n))) {
      const merged = Array.from(
        { length: Math.max(names.length, sub.length) },
        (_, k) => sub[k] || names[k] || '',
      );
      roles = headerRoles(merged) ?? roles;
      printed.push(sub);
      j++;
    }
    const contentCols = roles.flatMap((r, k) => (r === 'content' ? [k] : []));
    const measureCol = contentCols[contentCols.length - 1];
    const rows: Array<{ cells: Cell[]; line: Line }> = [];
    for (; j < to; j++) {
      const row = lines[j];
      if (row.kind !== 'text') continue;
      if (!src.slice(row.start, row.end).includes('\t')) {
        if (
          /^(附件|[一二三四五六七八九十]+、|\d+[.．])/.test(row.text) &&
          !matchTsvContinuation(lines, j, to, src)
        )
          break;
        continue;
      }
      const cells = cellsOf(src, row);
      // the header printed again after a page break
      if (printed.some((h) => cells.every((c, k) => !c.c.text || c.c.text === h[k]))) continue;
      // another table's header ends this one
      if (headerRoles(cells.map((c) => c.c.text))) break;
      rows.push({ cells, line: row });
    }
    const measures = joinRows(
      rows,
      measureCol,
      contentCols,
      roles.indexOf('number'),
      roles.indexOf('deadline'),
    ).map((r) => rowDraft(r.cells, roles, r.groups, r.ownGroup, r.line));
    regions.push({ from: i, to: j, measures: measures.filter((m): m is MeasureDraft => Boolean(m)) });
    i = j - 1;
  }
  return regions;
}

interface LogicalRow {
  cells: Cell[];
  groups: Compact[];
  /** The innermost group cell when this row prints it (the first row of a merged group). */
  ownGroup: Compact | null;
  line: Line;
}

const marked = (c: Compact | undefined) => Boolean(c?.text && matchItemMarker(c.text));
const join = (a: Cell | undefined, b: Cell | undefined): Cell => ({
  c: concatCompact([a?.c, b?.c].filter((x): x is Compact => Boolean(x))),
});

/**
 * Rows as the table meant them: a row cut by a page break continues on a line whose task cell
 * carries no number (when the other rows' cells do); a merged group cell printed once applies to
 * the rows below it, and a group cell cut by the break is joined to its first part.
 */
function joinRows(
  rows: Array<{ cells: Cell[]; line: Line }>,
  measureCol: number,
  contentCols: number[],
  numberCol: number,
  deadlineCol: number,
): LogicalRow[] {
  const withNumbers =
    numberCol >= 0 && rows.filter((r) => r.cells[numberCol]?.c.text).length >= rows.length / 2;
  const filled = rows.filter((r) => r.cells[measureCol]?.c.text);
  const numbered = filled.filter((r) => marked(r.cells[measureCol]?.c)).length >= 0.6 * filled.length;
  const groupCols = contentCols.slice(0, -1);
  const groupNumbered = groupCols.map((k) => {
    const cells = rows.map((r) => r.cells[k]?.c).filter((c) => c?.text);
    return cells.length > 0 && cells.filter(marked).length >= 0.6 * cells.length;
  });
  const groups: Compact[] = [];
  const out: LogicalRow[] = [];
  const deadlineOf = (cells: Cell[]) => (deadlineCol >= 0 ? (cells[deadlineCol]?.c.text ?? '') : '');
  // cells printed before a page break for a row whose task cell comes after it
  let pending: Cell[] | null = null;
  for (let n = 0; n < rows.length; n++) {
    let r = rows[n];
    if (pending) {
      const before = pending;
      r = {
        ...r,
        cells: Array.from({ length: Math.max(before.length, r.cells.length) }, (_, k) =>
          join(before[k], r.cells[k]),
        ),
      };
      pending = null;
    }
    groupCols.forEach((k, g) => {
      const c = r.cells[k]?.c;
      if (!c?.text) return;
      if (!(groupNumbered[g] && !marked(c) && groups[g])) {
        groups[g] = c;
        return;
      }
      // the rest of a group cell cut by a page break: the rows above that printed its first part take it too
      const cut = groups[g];
      groups[g] = concatCompact([cut, c]);
      for (const row of out) {
        if (row.groups[g] === cut) row.groups[g] = groups[g];
        if (row.ownGroup === cut) row.ownGroup = groups[g];
      }
    });
    const content = r.cells[measureCol]?.c;
    const last = out[out.length - 1];
    const continues =
      last && (withNumbers ? !r.cells[numberCol]?.c.text : numbered ? !marked(content) : !content?.text);
    // a line with no task cell whose deadline cell is a whole date, under a row that has its own: the next
    // row's first part, cut off by a page break before its task cell was printed (its rest follows the break)
    if (
      continues &&
      !content?.text &&
      n + 1 < rows.length &&
      looksLikeDeadline(deadlineOf(r.cells)) &&
      looksLikeDeadline(deadlineOf(last.cells))
    ) {
      pending = r.cells;
      continue;
    }
    if (continues) {
      const width = Math.max(last.cells.length, r.cells.length);
      last.cells = Array.from({ length: width }, (_, k) =>
        k === measureCol || !groupCols.includes(k) ? join(last.cells[k], r.cells[k]) : last.cells[k],
      );
      continue;
    }
    if (!content?.text) continue;
    // the row's own group cell starts a group; the rest of a cut one ("化审批流程") is no title
    const own = groupCols.length ? r.cells[groupCols[groupCols.length - 1]]?.c : undefined;
    const starts = own?.text && own === groups[groupCols.length - 1];
    out.push({ cells: r.cells, groups: groups.slice(), ownGroup: starts ? own : null, line: r.line });
  }
  return out;
}

/** A non-tab line inside a table (a wrapped cell) is followed by more tab lines soon. */
function matchTsvContinuation(lines: Line[], at: number, to: number, src: string): boolean {
  for (let k = at + 1; k < Math.min(to, at + 4); k++)
    if (src.slice(lines[k].start, lines[k].end).includes('\t')) return true;
  return false;
}

/**
 * A row as a measure. Title as in the gold rules for tables: the row's own group cell without its
 * number when the row prints one, else the task cell up to its first ，；。
 */
function rowDraft(
  cells: Cell[],
  roles: Role[],
  groups: Compact[],
  ownGroup: Compact | null,
  row: Line,
): MeasureDraft | null {
  const content = cells[roles.lastIndexOf('content')]?.c;
  if (!content?.text) return null;
  const numberCell = cells[roles.indexOf('number')]?.c.text;
  const marker = matchItemMarker(content.text);
  const from = marker?.length ?? 0;
  const stop = content.text.slice(from).search(/[，,；;。]/);
  const titleEnd = stop < 0 ? content.text.length : from + stop;
  const groupAt = ownGroup ? (matchItemMarker(ownGroup.text)?.length ?? 0) : 0;
  const groupEnd = ownGroup ? ownGroup.text.replace(/[。.；;，,：:]+$/, '').length : 0;
  const title =
    ownGroup && groupEnd > groupAt
      ? locate(ownGroup, groupAt, groupEnd)
      : titleEnd > from
        ? locate(content, from, titleEnd)
        : null;
  const lead: Located[] = [];
  const responsible: Located[] = [];
  let deadline: Located | null = null;
  const leftover: string[] = [];
  roles.forEach((role, k) => {
    const c = cells[k]?.c;
    if (!c?.text) return;
    if (role === 'deadline') deadline = locate(c, 0, c.text.length, c.text.replace(/完成$/, ''));
    if (role !== 'lead' && role !== 'responsible') return;
    const parsed = parseAssignmentText(c.text, role);
    leftover.push(...parsed.leftover);
    // a 牵头 column's units lead; "X牵头" inside a 责任 column leads too
    (role === 'lead' ? lead : responsible).push(
      ...parsed.responsible.map((p) => locate(c, p.start, p.end, p.name)),
    );
    lead.push(...parsed.lead.map((p) => locate(c, p.start, p.end, p.name)));
    if (parsed.deadline && !deadline)
      deadline = locate(c, parsed.deadline.start, parsed.deadline.end, parsed.deadline.text);
  });
  return {
    number: numberCell || marker?.label || '',
    path: groups.filter(Boolean).map((g) => g.text),
    span: { start: row.start, end: row.end },
    title,
    body: content.text.slice(from),
    lead,
    responsible,
    deadline,
    hasAssignment: lead.length + responsible.length > 0,
    doubts: leftover.length
      ? [
          {
            code: 'assignment_leftover_text',
            message: `单位栏中有未识别的文字：${leftover.join('；')}，请核对责任单位`,
          },
        ]
      : [],
  };
}
