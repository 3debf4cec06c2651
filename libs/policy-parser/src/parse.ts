import { documentYear } from './deadline';
import { findDocuments, type DocumentFrame } from './documents';
import { isTextLine, lineWidth, splitLines, type Line } from './lines';
import { finalizeMeasure, proseMeasures } from './measures';
import { applyConventions } from './conventions';
import { buildOutline } from './outline';
import { carryRepeatedRows, repeatsProse, unmatchedRowsMessage } from './repeated-table';
import { readTables } from './tables';
import { readTsvTables } from './tsv-tables';
import type { ParsedDocument, ParseOptions, ParseResult, Span } from './types';
import { asciiDigits, printedDigits } from './text-map';
import { splitSpacedUnits } from './units';
import type { DocumentNote } from './warnings';

function parseDocument(
  text: string,
  lines: Line[],
  frame: DocumentFrame,
  options: ParseOptions,
): ParsedDocument {
  const tables = [
    ...readTables(text, lines, frame.bodyFrom, frame.to),
    ...readTsvTables(text, lines, frame.bodyFrom, frame.to),
  ];
  const inTable = (i: number) => tables.some((t) => i >= t.from && i < t.to);
  const outline = buildOutline(text, lines, frame.bodyFrom, frame.to, inTable);
  let prose = proseMeasures(text, lines, outline, lineWidth(lines, frame.bodyFrom, frame.to));
  // a notice that 印发 a plan: "一、提高思想认识。…" in its cover letter, above the signature, is what
  // the notice asks, not a measure, when the plan's measures follow the signature
  const signed = frame.signedLine === null ? -1 : lines[frame.signedLine].start;
  const attached = [...prose, ...tables.flatMap((t) => t.measures)].some((d) => d.span.start > signed);
  if (signed >= 0 && attached && /印发|转发/.test(frame.title))
    prose = prose.filter((d) => d.span.start > signed || d.hasAssignment);
  const notes: DocumentNote[] = [];
  // a regulation (第X条 articles) is tasks only where it assigns an article to units: articles that
  // assign nothing (purpose, definitions, commencement, procedure) are not measures
  const regulation =
    prose.length > 0 &&
    prose.every((d) => d.numberStyle === 'article') &&
    (prose.some((d) => /本(办法|规定|条例|细则|规则|规程|章程|制度)/.test(d.body)) ||
      /(办法|规定|条例|细则|规则|规程|章程)(（试行）)?》?的?(通知|决定)?$/.test(frame.title));
  const unassigned = regulation ? prose.filter((d) => !d.hasAssignment).length : 0;
  if (unassigned === prose.length && unassigned) {
    notes.push({
      code: 'procedural_no_measures',
      message: `本文件为条款式规定（${prose.length} 条），未向任何单位分派任务，未生成措施`,
    });
    prose = [];
  } else if (unassigned) {
    notes.push({
      code: 'procedural_no_measures',
      message: `本文件为条款式规定，${unassigned} 条未向任何单位分派任务，未生成措施`,
    });
    prose = prose.filter((d) => d.hasAssignment);
  }
  // a 任务台账 attached after the plan lists its measures again: they are read once, from the prose
  // (its rows still give the prose measures the deadlines, and units, that they lack)
  const repeated = tables.filter((t) => repeatsProse(text, lines, t, prose));
  if (repeated.length)
    notes.push({
      code: 'repeated_table_skipped',
      message: `附表重复列出正文措施（${repeated.reduce((n, t) => n + t.measures.length, 0)} 行），已按正文读取，未重复生成；正文未写的完成时限和责任单位取自附表对应行`,
    });
  const unmatched = repeated.flatMap((t) => carryRepeatedRows(lines, t, prose));
  if (unmatched.length)
    notes.push({ code: 'repeated_table_rows_left_out', message: unmatchedRowsMessage(unmatched) });
  const read = tables.filter((t) => !repeated.includes(t));
  const drafts = [...prose, ...read.flatMap((t) => t.measures)].sort((a, b) => a.span.start - b.span.start);
  for (const d of drafts) {
    d.lead = splitSpacedUnits(text, d.lead);
    d.responsible = splitSpacedUnits(text, d.responsible);
  }
  notes.push(...applyConventions(text, lines, frame, drafts));
  const year = documentYear(frame, options.defaultYear ?? null);
  const measures = drafts.map((d) => finalizeMeasure(d, year, frame.issuedOn));
  if (!frame.title) notes.push({ code: 'no_title', message: '未识别到文件标题' });
  if (!frame.docNumber) notes.push({ code: 'no_doc_number', message: '未识别到发文字号' });
  if (!frame.issuedOn) notes.push({ code: 'no_issue_date', message: '未识别到成文日期' });
  if (!measures.length) notes.push({ code: 'no_measures', message: '未识别到措施' });
  const last = lines[Math.max(frame.from, frame.to - 1)];
  return {
    title: frame.title,
    issuer: frame.issuer,
    docNumber: frame.docNumber,
    issuedOn: frame.issuedOn,
    region: frame.region,
    span: { start: lines[frame.from].start, end: last.end },
    measures,
    notes,
    warnings: notes.map((n) => n.message),
  };
}

/**
 * A document read on the ASCII view with its texts as the input prints them: each text is found again
 * where it stands (units, title and deadline at their spans; number and body in the measure; path
 * headings before the measure's end; title, issuer and 发文字号 in the document) and takes its digits
 * from the input there. Flag and note messages keep the ASCII view.
 */
function asPrinted(input: string, text: string, lines: Line[]): (d: ParsedDocument) => ParsedDocument {
  const printed = printedDigits(
    input,
    text,
    lines.filter(isTextLine).map((l) => [l.cs, l.end] as const),
  );
  return (d) => {
    const end = d.span.end;
    const inDocument = (s: string) => printed(s, d.span.start, end);
    const at = (s: string, span: Span | null) => (span ? printed(s, span.start, end) : s);
    return {
      ...d,
      title: inDocument(d.title),
      issuer: d.issuer && inDocument(d.issuer),
      docNumber: d.docNumber && inDocument(d.docNumber),
      region: d.region && inDocument(d.region),
      measures: d.measures.map((m) => ({
        ...m,
        number: printed(m.number, m.spans.measure.start, end),
        // a group cell cut by a page break ends after the rows above the break: then it is looked for further on
        path: m.path.map((h) => {
          const p = printed(h, d.span.start, m.spans.measure.end, true);
          return p === h ? printed(h, d.span.start, end, true) : p;
        }),
        title: at(m.title, m.spans.title),
        body: printed(m.body, m.spans.measure.start, end),
        leadUnits: m.leadUnits.map((u, k) => at(u, m.spans.leadUnits[k])),
        responsibleUnits: m.responsibleUnits.map((u, k) => at(u, m.spans.responsibleUnits[k])),
        deadlineText: m.deadlineText && at(m.deadlineText, m.spans.deadline),
      })),
    };
  };
}

/** Splits text (one notice or a compilation) into documents, their outline and their measures. */
export function parsePolicyText(input: string, options: ParseOptions = {}): ParseResult {
  // read on ASCII digits, one character for one, so spans point into the input and give its texts back
  const text = asciiDigits(input);
  const lines = splitLines(text);
  const documents = findDocuments(text, lines).map((frame) => parseDocument(text, lines, frame, options));
  return { documents: text === input ? documents : documents.map(asPrinted(input, text, lines)) };
}
