import { latestDeadline } from './assignment';
import type { Located, MeasureDraft } from './draft';
import type { Line } from './lines';
import type { TableRegion } from './tables';
import { compactString } from './text-map';

/**
 * A prose measure's title as a task table prints it again: its first six characters, so a cell wrapped
 * after them or a word changed at the end still matches.
 */
const titleKey = (d: MeasureDraft) => compactString(d.title?.text ?? '').slice(0, 6);

/** The prose measures printed before the table, the ones a repeated table can list again. */
const proseBefore = (lines: Line[], table: TableRegion, prose: MeasureDraft[]) =>
  prose.filter((d) => d.span.end <= lines[table.from].start && titleKey(d));

/**
 * Whether a task table (an attached 任务台账, a 责任分工表) lists again the measures the prose before it already
 * gave: most of those measures' titles, at least three, are found in the table's text. Only when the prose
 * assigns its measures itself.
 */
export function repeatsProse(src: string, lines: Line[], table: TableRegion, prose: MeasureDraft[]): boolean {
  const before = proseBefore(lines, table, prose);
  if (before.length < 3 || table.measures.length < 3) return false;
  const cells = compactString(src.slice(lines[table.from].start, lines[table.to - 1].end));
  const found = before.filter((d) => cells.includes(titleKey(d))).length;
  // a table that carries the assignments the prose lacks (a 分工表) is where the units are: it stays
  const assigned = before.filter((d) => d.hasAssignment).length;
  return found >= 3 && found * 2 >= before.length && assigned * 2 >= before.length;
}

/**
 * The one prose measure a row lists again: the measure whose title is in the row's heading cells (the
 * merged group cells over it and its own), else in any of its cells; null when none or several are.
 */
function measureOfRow(row: MeasureDraft, before: MeasureDraft[]): MeasureDraft | null {
  const headings = compactString([...row.path, row.title?.text ?? ''].join(''));
  for (const text of [headings, headings + compactString(row.body)]) {
    const found = before.filter((d) => text.includes(titleKey(d)));
    if (found.length) return found.length === 1 ? found[0] : null;
  }
  return null;
}

const rowList = (rows: MeasureDraft[]) => rows.map((r) => r.number).join('、');

/**
 * A skipped repeated table still holds what its rows add to the prose: a row that lists one prose measure
 * again gives it the 完成时限 it lacks (the latest of its rows) and, when it names no unit, the row's units;
 * the spans point into the table. Returns the rows that match no measure or several, which give nothing.
 */
export function carryRepeatedRows(lines: Line[], table: TableRegion, prose: MeasureDraft[]): MeasureDraft[] {
  const before = proseBefore(lines, table, prose);
  const rowsOf = new Map<MeasureDraft, MeasureDraft[]>();
  const unmatched: MeasureDraft[] = [];
  for (const row of table.measures) {
    const m = measureOfRow(row, before);
    if (m) rowsOf.set(m, [...(rowsOf.get(m) ?? []), row]);
    else unmatched.push(row);
  }
  for (const [m, rows] of rowsOf) {
    const carried: string[] = [];
    if (!m.deadline) {
      const { latest, different } = latestDeadline(
        rows.flatMap((r): Located[] => (r.deadline ? [r.deadline] : [])),
      );
      m.deadline = latest;
      if (latest) carried.push('完成时限');
      if (different.length)
        (m.doubts ??= []).push({
          code: 'deadline_several_dates',
          message: `附表各行写有不同的完成时限（${different.join('；')}），已取最晚的一个，请核对`,
        });
    }
    if (!m.lead.length && !m.responsible.length && rows.some((r) => r.hasAssignment)) {
      m.lead = rows.flatMap((r) => r.lead);
      m.responsible = rows.flatMap((r) => r.responsible);
      m.hasAssignment = true;
      m.doubts = m.doubts?.filter((d) => d.code !== 'no_units_where_siblings_have');
      carried.push('责任单位');
    }
    if (carried.length)
      (m.doubts ??= []).push({
        code: 'carried_from_repeated_table',
        message: `${carried.join('和')}取自附表第 ${rowList(rows)} 行，请核对`,
      });
  }
  return unmatched;
}

/** The note for a table's rows that match no prose measure or several. */
export const unmatchedRowsMessage = (rows: MeasureDraft[]) =>
  `附表第 ${rowList(rows)} 行未能对应到唯一的正文措施，其完成时限和责任单位未采用，请核对`;
