import type { DocumentNote, MeasureWarning } from './warnings';

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
  /** Doubts about this measure, machine-readable (see MEASURE_WARNING_CODES). */
  flags: MeasureWarning[];
  /** The flags' messages, for readers that only show text. */
  warnings: string[];
  /** 1 when nothing needs a look; lower with every doubt. */
  confidence: number;
}

export interface ParsedDocument {
  title: string;
  issuer: string | null;
  docNumber: string | null;
  issuedOn: string | null;
  region: string | null;
  span: Span;
  measures: ParsedMeasure[];
  /** What the parser noticed about the document as a whole (see DOCUMENT_NOTE_CODES). */
  notes: DocumentNote[];
  /** The notes' messages. */
  warnings: string[];
}

export interface ParseOptions {
  /** Year for deadlines written without one, when the document itself gives no date. */
  defaultYear?: number;
}

export interface ParseResult {
  documents: ParsedDocument[];
}
