import type { DocumentFrame } from './documents';
import type { Located, MeasureDraft } from './draft';
import type { Line } from './lines';
import { compactRanges, spanOf } from './text-map';
import { looksLikeUnit, splitUnitPieces } from './units';
import type { DocumentNote } from './warnings';

/** "…各市州、县市区人民政府均为责任单位，以下不再列出": units responsible for every task below. */
const EVERYWHERE_RES = [
  /([^。；;：:（(〔【]{2,80})(?:均|都|皆)(?:为|是|作为)(?:各项|所有|全部)?(?:任务|工作)?的?(?:共同)?责任(?:单位|主体|部门)[，,、]?(?:以下|下同|后同|不再|均不再)/,
  /([^。；;：:（(〔【]{2,80}?)(?:为|是|作为)(?:各项|所有|全部)?(?:任务|工作)?的?(?:共同)?责任(?:单位|主体|部门)[，,、]?(?:以下|下同|后同|不再|均不再)/,
  /(?:以下|下列|各项任务的?)?责任(?:单位|部门)中?均(?:包含|包括|含|有)([^。；;：:]{2,60}?)[，,、]?(?:以下|下同|后同|不再|均不再)/,
];
/** Cheap anchor: every convention sentence ends "…不再列出" or "…以下/下同". */
const ANCHOR_RE = /[，,、]?(?:以下|下同|后同|不再|均不再)/g;
const LEAD_FIRST_RE =
  /(?:排|列|位)(?:在|于)?(?:首位|第一位?|最前面?)的?(?:单位|部门)?(?:为|是)牵头|(?:第一|首)个?(?:单位|部门)(?:为|是)牵头/;

/** The sentence before `at` (back to the last full stop, at most 120 characters). */
function sentenceBefore(text: string, at: number): number {
  const from = Math.max(0, at - 120);
  const stop = Math.max(text.lastIndexOf('。', at - 1), text.lastIndexOf('；', at - 1));
  return Math.max(from, stop + 1);
}

/** Units a convention sentence declares responsible everywhere, with their offsets in text. */
function everywhereUnits(text: string): Array<{ name: string; start: number; end: number }> {
  const out: Array<{ name: string; start: number; end: number }> = [];
  for (const a of text.matchAll(ANCHOR_RE)) {
    if (!text.slice(Math.max(0, a.index - 40), a.index).includes('责任')) continue;
    const from = sentenceBefore(text, a.index);
    const sentence = text.slice(from, a.index + a[0].length);
    const m = EVERYWHERE_RES.map((re) => re.exec(sentence)).find(Boolean);
    if (!m) continue;
    const at = from + m.index + m[0].indexOf(m[1]);
    for (const p of splitUnitPieces(m[1]))
      if (looksLikeUnit(p.name)) out.push({ name: p.name, start: at + p.start, end: at + p.end });
  }
  return out;
}

/** A sentence about how the document's assignments are to be read, not an assignment itself. */
export function isConventionSentence(s: string): boolean {
  return LEAD_FIRST_RE.test(s) || everywhereUnits(s).length > 0;
}

/**
 * Applies sentences that say how the document's assignments are to be read: units responsible
 * everywhere, and "the unit listed first leads". Each applied measure is flagged; each convention
 * found becomes a note on the document.
 */
export function applyConventions(
  src: string,
  lines: Line[],
  frame: DocumentFrame,
  drafts: MeasureDraft[],
): DocumentNote[] {
  // most notices state no convention: look at the raw text before compacting it
  const raw = src.slice(lines[frame.bodyFrom]?.start ?? 0, lines[frame.to - 1]?.end ?? src.length);
  if (!/责任[\s\S]{0,40}?(?:以下|下同|后同|不再)|(?:首位|第一|最前)[\s\S]{0,20}?牵头/.test(raw)) return [];
  const ranges: Array<[number, number]> = [];
  for (let i = frame.bodyFrom; i < frame.to; i++)
    if (lines[i].kind === 'text') ranges.push([lines[i].cs, lines[i].end]);
  const c = compactRanges(src, ranges);
  const notes: DocumentNote[] = [];
  const everywhere: Located[] = [];
  for (const p of everywhereUnits(c.text))
    if (!everywhere.some((u) => u.text === p.name))
      everywhere.push({ text: p.name, span: spanOf(c, p.start, p.end) });
  if (everywhere.length) {
    const names = everywhere.map((u) => u.text).join('、');
    notes.push({
      code: 'convention_units_everywhere',
      message: `文中声明“${names}”为各项任务的责任单位，已加到每项措施`,
    });
    for (const d of drafts) {
      const have = new Set([...d.lead, ...d.responsible].map((u) => u.text));
      const added = everywhere.filter((u) => !have.has(u.text));
      if (!added.length) continue;
      d.responsible = [...d.responsible, ...added];
      d.hasAssignment = true;
      (d.doubts ??= []).push({
        code: 'assignment_from_document_convention',
        message: `“${added.map((u) => u.text).join('、')}”按文件约定列为责任单位`,
      });
    }
  }
  if (LEAD_FIRST_RE.test(c.text)) {
    notes.push({
      code: 'convention_lead_first',
      message: '文中约定排在首位的单位为牵头单位，已按此标出牵头单位',
    });
    for (const d of drafts) {
      if (d.lead.length || !d.responsible.length || !d.numberStyle) continue;
      d.lead = [d.responsible[0]];
      d.responsible = d.responsible.slice(1);
      (d.doubts ??= []).push({
        code: 'assignment_from_document_convention',
        message: `按文件约定，排在首位的“${d.lead[0].text}”为牵头单位`,
      });
    }
  }
  return notes;
}
