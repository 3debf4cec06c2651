/**
 * Machine-readable doubts about a parsed measure or document. The codes are stable (the api and the
 * review page filter on them); the messages are what a clerk reads.
 */
export const MEASURE_WARNING_CODES = [
  'no_title',
  'no_units',
  'no_units_where_siblings_have',
  'partial_units',
  'assignment_leftover_text',
  'assignment_shared_from_group',
  'assignment_from_document_convention',
  'carried_from_repeated_table',
  'generic_unit',
  'unit_unresolved',
  'deadline_unreadable',
  'deadline_several_dates',
  'deadline_before_document',
  'numbering_gap',
  'numbering_repeat',
] as const;
export type MeasureWarningCode = (typeof MEASURE_WARNING_CODES)[number];

export const DOCUMENT_NOTE_CODES = [
  'no_title',
  'no_doc_number',
  'no_issue_date',
  'no_measures',
  'procedural_no_measures',
  'repeated_table_skipped',
  'repeated_table_rows_left_out',
  'convention_lead_first',
  'convention_units_everywhere',
] as const;
export type DocumentNoteCode = (typeof DOCUMENT_NOTE_CODES)[number];

export interface MeasureWarning {
  code: MeasureWarningCode;
  message: string;
}

export interface DocumentNote {
  code: DocumentNoteCode;
  message: string;
}

/** How much each doubt lowers a measure's confidence (1 = nothing to check). */
const WEIGHT: Record<MeasureWarningCode, number> = {
  no_title: 0.2,
  no_units: 0.3,
  no_units_where_siblings_have: 0.4,
  partial_units: 0.35,
  assignment_leftover_text: 0.25,
  assignment_shared_from_group: 0.1,
  assignment_from_document_convention: 0.05,
  carried_from_repeated_table: 0.05,
  generic_unit: 0.05,
  unit_unresolved: 0.2,
  deadline_unreadable: 0.25,
  deadline_several_dates: 0.05,
  deadline_before_document: 0.25,
  numbering_gap: 0.15,
  numbering_repeat: 0.15,
};

/** Confidence in [0.05, 1] from the measure's warnings (each code counted once). */
export function confidenceOf(warnings: MeasureWarning[]): number {
  const codes = new Set(warnings.map((w) => w.code));
  let c = 1;
  for (const code of codes) c -= WEIGHT[code];
  return Math.max(0.05, Math.round(c * 100) / 100);
}
