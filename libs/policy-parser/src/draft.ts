import type { NumberStyle } from './numbering';
import type { Span } from './types';
import type { MeasureWarning } from './warnings';

/** A located piece of text: the cleaned value and where it came from. */
export interface Located {
  text: string;
  span: Span;
}

/** A measure as read from prose or a table row, before deadlines and warnings are worked out. */
export interface MeasureDraft {
  number: string;
  /** How the number is printed (第X条 articles decide whether a regulation assigns anything). */
  numberStyle?: NumberStyle;
  path: string[];
  span: Span;
  title: Located | null;
  body: string;
  lead: Located[];
  responsible: Located[];
  deadline: Located | null;
  /** Whether the measure printed an assignment at all (labels, brackets or unit cells). */
  hasAssignment: boolean;
  /** Doubts found while reading (left-over text, units shared from a group …). */
  doubts?: MeasureWarning[];
}
