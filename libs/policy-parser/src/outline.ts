import { lineWidth, type Line } from './lines';
import { matchItemMarker, STYLE_RANK, type ItemMarker } from './numbering';
import { compactRanges } from './text-map';

/** A numbered item of the document outline (a chapter, a section or a measure). */
export interface OutlineNode {
  marker: ItemMarker;
  rank: number;
  /** First line and one past the last line of the item's own text (children excluded). */
  from: number;
  to: number;
  /** The heading as printed (first line, up to its first 。), whitespace removed. */
  heading: string;
  parent: OutlineNode | null;
  children: OutlineNode[];
  /** The number skips one (…3, 5…) or repeats the previous one. */
  sequence?: 'gap' | 'repeat';
}

/** Sections that hold no measures: aims, principles, safeguards, requirements. */
const SKIP_TITLE_RE =
  /^(总体要求|总体思路|指导思想|基本原则|工作原则|(工作|主要|总体|发展|预期|实施|具体)目标|目标任务|发展背景|(保障|推进|实施)措施|组织保障|工作保障|实施保障|保障机制|工作要求|有关要求|其他要求|组织实施|实施步骤|工作步骤|推进步骤|进度安排|时间安排|总则|附则|其他事项|适用范围|(加强|强化)?(组织|工作)(保障|领导))$/;

/** A line ending a sentence or a heading: an item may start on the next one. */
const CLEAN_END_RE = /[。：:；;）)”」！？!?]$/;
const ATTACHMENT_RE = /^附件\s*[：:\d一二三四五六七八九十]?/;

/** Aims and principles: never measures, even with an assignment printed beside them. */
const AIMS_TITLE_RE =
  /^(总体要求|总体思路|指导思想|基本原则|工作原则|(工作|主要|总体|发展|预期|实施|具体)目标|目标任务|发展背景|适用范围|总则|附则)$/;

const titleOf = (heading: string) =>
  heading
    .replace(
      /^(?:第[一二三四五六七八九十百零〇]+[章节条]|[（(]?[一二三四五六七八九十百\d]+(?:[.．]\d+)?[）)]?[、.．]?)/,
      '',
    )
    .replace(/[。.：:]$/, '');

export const isAimsHeading = (heading: string) => AIMS_TITLE_RE.test(titleOf(heading));

export const isSkippedHeading = (heading: string) => SKIP_TITLE_RE.test(titleOf(heading));

/**
 * Reads the numbered outline of a document. An item number counts only when it continues its
 * level's sequence (n = last + 1) or restarts it at 1 after a line that ends a sentence or heading;
 * this drops attachment lists and numbers that a PDF line break put at the start of a line.
 */
export function buildOutline(
  src: string,
  lines: Line[],
  from: number,
  to: number,
  excluded: (i: number) => boolean,
): OutlineNode[] {
  const roots: OutlineNode[] = [];
  const stack: OutlineNode[] = [];
  const lastValue = new Map<number, number>();
  let open: OutlineNode | null = null;
  let prevText = '';
  let prevWasItem = false;
  // a line well short of the text's full width ends on purpose (a heading), however long it is
  const shortLine = Math.max(20, Math.floor(lineWidth(lines, from, to) * 0.6));
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (line.kind !== 'text') continue;
    if (excluded(i)) {
      if (open) open.to = i;
      open = null;
      continue;
    }
    if (ATTACHMENT_RE.test(line.text)) {
      if (open) open.to = i;
      open = null;
      prevText = line.text;
      prevWasItem = false;
      continue;
    }
    const marker = matchItemMarker(line.text);
    let accepted = false;
    if (marker) {
      const rank = STYLE_RANK[marker.style];
      const last = lastValue.get(rank) ?? 0;
      const clean: boolean =
        prevWasItem || !prevText || CLEAN_END_RE.test(prevText) || prevText.length <= shortLine;
      const ended: boolean = prevWasItem || !prevText || CLEAN_END_RE.test(prevText);
      let sequence: OutlineNode['sequence'];
      if (marker.bare) accepted = marker.value === last + 1 && last > 0 && ended;
      else if (marker.value === last + 1 || (marker.value === 1 && clean)) accepted = true;
      else if (last > 0 && ended && (marker.value === last + 2 || marker.value === last)) {
        // a skipped or repeated number: kept (the rest of the list would be lost otherwise), flagged
        accepted = hasRank(stack, rank);
        sequence = marker.value === last ? 'repeat' : 'gap';
      }
      if (accepted) {
        if (open) open.to = i;
        while (stack.length && stack[stack.length - 1].rank >= rank) stack.pop();
        const parent = stack[stack.length - 1] ?? null;
        // a bare "（二）" has its title on the next line
        const next = line.text.length === marker.length ? nextTextLine(lines, i + 1, to) : -1;
        const ranges: Array<[number, number]> = [[line.cs, line.end]];
        if (next >= 0) ranges.push([lines[next].cs, lines[next].end]);
        const heading = compactRanges(src, ranges).text.split('。')[0];
        const node: OutlineNode = {
          marker,
          rank,
          from: i,
          to: i + 1,
          heading,
          parent,
          children: [],
          sequence,
        };
        (parent ? parent.children : roots).push(node);
        stack.push(node);
        lastValue.set(rank, marker.value);
        open = node;
      }
    }
    if (!accepted && open) open.to = i + 1;
    prevText = line.text;
    prevWasItem = accepted;
  }
  return roots;
}

/** Whether an item of this rank is open on the stack (a gap or repeat continues an open list only). */
const hasRank = (stack: OutlineNode[], rank: number) => stack.some((n) => n.rank === rank);

function nextTextLine(lines: Line[], from: number, to: number): number {
  for (let i = from; i < to; i++) if (lines[i].kind === 'text') return i;
  return -1;
}

/** Headings above a node, outermost first. */
export function pathOf(node: OutlineNode): string[] {
  const out: string[] = [];
  for (let p = node.parent; p; p = p.parent) out.unshift(p.heading);
  return out;
}
