// Splits a document's source text into runs so the selected measure's spans can be marked.
import type { MeasureSpans, SourceSpan } from '@duban/contracts';

export type SpanKind = 'measure' | 'title' | 'lead' | 'responsible' | 'deadline';

export interface Segment {
  start: number;
  end: number;
  text: string;
  /** Every span covering this run, outermost (measure) first. */
  kinds: SpanKind[];
}

const ORDER: SpanKind[] = ['measure', 'title', 'lead', 'responsible', 'deadline'];

export function spansOf(spans: MeasureSpans | null): { kind: SpanKind; span: SourceSpan }[] {
  if (!spans) return [];
  return [
    { kind: 'measure' as const, span: spans.measure },
    ...(spans.title ? [{ kind: 'title' as const, span: spans.title }] : []),
    ...spans.leadUnits.map((span) => ({ kind: 'lead' as const, span })),
    ...spans.responsibleUnits.map((span) => ({ kind: 'responsible' as const, span })),
    ...(spans.deadline ? [{ kind: 'deadline' as const, span: spans.deadline }] : []),
  ];
}

export function segmentText(text: string, spans: MeasureSpans | null): Segment[] {
  const marks = spansOf(spans)
    .map(({ kind, span }) => ({
      kind,
      start: Math.max(0, Math.min(text.length, span.start)),
      end: Math.max(0, Math.min(text.length, span.end)),
    }))
    .filter((mark) => mark.end > mark.start);
  const cuts = [...new Set([0, text.length, ...marks.flatMap((mark) => [mark.start, mark.end])])].sort(
    (a, b) => a - b,
  );
  const segments: Segment[] = [];
  for (let i = 0; i < cuts.length - 1; i++) {
    const [start, end] = [cuts[i], cuts[i + 1]];
    if (end <= start) continue;
    const kinds = ORDER.filter((kind) =>
      marks.some((mark) => mark.kind === kind && mark.start <= start && mark.end >= end),
    );
    segments.push({ start, end, text: text.slice(start, end), kinds });
  }
  return segments;
}
