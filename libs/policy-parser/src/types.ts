/** Character range into the parser's input text (UTF-16 offsets, end exclusive). */
export interface Span {
  start: number;
  end: number;
}

export interface MeasureSpans {
  measure: Span;
  title: Span | null;
  leadUnits: Span[];
  responsibleUnits: Span[];
  deadline: Span | null;
}

export interface ParsedMeasure {
  number: string;
  path: string[];
  title: string;
  body: string;
  leadUnits: string[];
  responsibleUnits: string[];
  deadlineText: string | null;
  deadline: string | null;
  ongoing: boolean;
  spans: MeasureSpans;
  warnings: string[];
}

export interface ParsedDocument {
  title: string;
  issuer: string | null;
  docNumber: string | null;
  issuedOn: string | null;
  region: string | null;
  span: Span;
  measures: ParsedMeasure[];
  warnings: string[];
}

export interface ParseOptions {
  /** Year for deadlines written without one, when the document itself gives no date. */
  defaultYear?: number;
}

export interface ParseResult {
  documents: ParsedDocument[];
}
