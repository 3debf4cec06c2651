import type { Span } from './types';

/**
 * Text with whitespace, line breaks and markdown bold markers removed, plus the source offset of
 * every kept character, so that anything found in the compact text maps back to the input.
 */
export interface Compact {
  text: string;
  map: number[];
}

const isWs = (c: number) =>
  c === 32 || c === 9 || c === 10 || c === 13 || c === 0x3000 || c === 0xa0 || c === 0xfeff;
const isAsciiWord = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * Compacts the given source ranges (in order). A single space is kept only between two ASCII
 * letters/digits ("version 2" stays readable); everything else that is whitespace goes, which
 * rejoins words and unit names broken by PDF line wrapping.
 */
export function compactRanges(src: string, ranges: ReadonlyArray<readonly [number, number]>): Compact {
  let text = '';
  const map: number[] = [];
  let pendingSpace = -1;
  let last = -1;
  for (const [from, to] of ranges) {
    pendingSpace = pendingSpace < 0 ? from : pendingSpace;
    for (let i = from; i < to; i++) {
      const c = src.charCodeAt(i);
      if (isWs(c)) {
        if (pendingSpace < 0) pendingSpace = i;
        continue;
      }
      if (c === 42 && src.charCodeAt(i + 1) === 42) {
        i++; // markdown bold marker
        continue;
      }
      if (pendingSpace >= 0 && last >= 0 && isAsciiWord(last) && isAsciiWord(c)) {
        text += ' ';
        map.push(pendingSpace);
      }
      pendingSpace = -1;
      // copy the run of kept characters at once (string building dominates otherwise)
      let j = i + 1;
      while (j < to) {
        const d = src.charCodeAt(j);
        if (isWs(d) || (d === 42 && src.charCodeAt(j + 1) === 42)) break;
        j++;
      }
      text += src.slice(i, j);
      for (let k = i; k < j; k++) map.push(k);
      last = src.charCodeAt(j - 1);
      i = j - 1;
    }
  }
  return { text, map };
}

/** Compacts a plain string (no offsets needed by the caller). */
export function compactString(s: string): string {
  return compactRanges(s, [[0, s.length]]).text;
}

/** Source span of compact characters [start, end). */
export function spanOf(c: Compact, start: number, end: number): Span {
  if (end <= start || start >= c.map.length) {
    const at = c.map[Math.min(start, c.map.length - 1)] ?? 0;
    return { start: at, end: at };
  }
  return { start: c.map[start], end: c.map[end - 1] + 1 };
}

/** A slice of a compact text that keeps its offset map. */
export function sliceCompact(c: Compact, start: number, end: number): Compact {
  return { text: c.text.slice(start, end), map: c.map.slice(start, end) };
}

/** Joins compact texts (e.g. a table cell continued after a page break). */
export function concatCompact(parts: Compact[]): Compact {
  return { text: parts.map((p) => p.text).join(''), map: parts.flatMap((p) => p.map) };
}

/**
 * "２０２５年６月" → "2025年6月": full-width digits as ASCII, one character for one, so offsets into the
 * text stay valid.
 */
export const asciiDigits = (s: string): string =>
  s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
