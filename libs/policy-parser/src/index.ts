export type { Span, MeasureSpans, ParsedMeasure, ParsedDocument, ParseOptions, ParseResult } from './types';
export { parsePolicyText } from './parse';
export { documentDeadline, documentYear, parseDeadline, type DocumentDating } from './deadline';
export { isGenericUnit, splitUnitList } from './units';
export { extractText } from './file-text';
export {
  MEASURE_WARNING_CODES,
  DOCUMENT_NOTE_CODES,
  confidenceOf,
  type MeasureWarningCode,
  type DocumentNoteCode,
  type MeasureWarning,
  type DocumentNote,
} from './warnings';
