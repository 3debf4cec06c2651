export type { Span, MeasureSpans, ParsedMeasure, ParsedDocument, ParseOptions, ParseResult } from './types';
export { parsePolicyText } from './parse';
export { parseDeadline } from './deadline';
export { isGenericUnit, splitUnitList } from './units';
export { extractText } from './file-text';
