import { parsePolicyText } from './parse';

/** One notice of a seed compilation, summed up: how much of it the parser read and what it doubts. */
export interface SnapshotDocument {
  line: number;
  title: string;
  measures: number;
  withLead: number;
  withUnits: number;
  withDeadline: number;
  units: number;
  /** Measure warnings by code, plus document notes as `doc:<code>`. */
  warnings: Record<string, number>;
}

export interface CorpusSnapshot {
  totals: Omit<SnapshotDocument, 'line' | 'title'> & { documents: number };
  files: Record<string, SnapshotDocument[]>;
}

const count = (into: Record<string, number>, key: string) => (into[key] = (into[key] ?? 0) + 1);
const sorted = (o: Record<string, number>) =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

/**
 * Sums up what the parser reads in every notice of the given compilations. Kept in the repo and
 * compared by a test, so a rule change shows its effect on the whole corpus at once.
 */
export function corpusSnapshot(files: Array<{ name: string; text: string }>): CorpusSnapshot {
  const totals = {
    documents: 0,
    measures: 0,
    withLead: 0,
    withUnits: 0,
    withDeadline: 0,
    units: 0,
    warnings: {} as Record<string, number>,
  };
  const out: Record<string, SnapshotDocument[]> = {};
  for (const { name, text } of files) {
    out[name] = parsePolicyText(text).documents.map((d) => {
      const warnings: Record<string, number> = {};
      for (const m of d.measures) for (const f of m.flags) count(warnings, f.code);
      for (const n of d.notes) count(warnings, `doc:${n.code}`);
      const doc: SnapshotDocument = {
        line: text.slice(0, d.span.start).split('\n').length,
        title: d.title,
        measures: d.measures.length,
        withLead: d.measures.filter((m) => m.leadUnits.length).length,
        withUnits: d.measures.filter((m) => m.leadUnits.length + m.responsibleUnits.length).length,
        withDeadline: d.measures.filter((m) => m.deadline || m.ongoing).length,
        units: d.measures.reduce((n, m) => n + m.leadUnits.length + m.responsibleUnits.length, 0),
        warnings: sorted(warnings),
      };
      totals.documents++;
      for (const k of ['measures', 'withLead', 'withUnits', 'withDeadline', 'units'] as const)
        totals[k] += doc[k];
      for (const [k, n] of Object.entries(warnings)) totals.warnings[k] = (totals.warnings[k] ?? 0) + n;
      return doc;
    });
  }
  totals.warnings = sorted(totals.warnings);
  return { totals, files: out };
}
