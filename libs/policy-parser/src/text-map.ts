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

/** Positions in `text` of the characters of s, in order: greedy, forward from lo or backward from hi. */
function embed(text: string, s: string, lo: number, hi: number, backward: boolean): number[] | null {
  const at: number[] = new Array(s.length);
  let p = backward ? hi - 1 : lo;
  for (let k = 0; k < s.length; k++) {
    const j = backward ? s.length - 1 - k : k;
    while (p >= lo && p < hi && text[p] !== s[j]) p += backward ? -1 : 1;
    if (p < lo || p >= hi) return null;
    at[j] = p;
    p += backward ? -1 : 1;
  }
  return at;
}

/**
 * Gives texts read on the ASCII view (view = asciiDigits(input)) their digits as the input prints
 * them. `ranges` are the input's text lines. `printed(s, from, to)` finds s among the compact
 * characters of input[from, to): the first occurrence, or with `last` the last one; a text made of
 * parts (cells joined across lines) is matched character by character. Each digit of s is then the
 * input's character at that position; a text not found comes back as it is.
 */
export function printedDigits(
  input: string,
  view: string,
  ranges: ReadonlyArray<readonly [number, number]>,
): (s: string, from: number, to: number, last?: boolean) => string {
  const c = compactRanges(view, ranges);
  // first compact character at or after a source offset
  const indexAt = (offset: number) => {
    let lo = 0;
    let hi = c.map.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (c.map[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return (s, from, to, last = false) => {
    if (!/[0-9]/.test(s)) return s;
    const lo = indexAt(from);
    const hi = indexAt(to);
    const k = last ? c.text.lastIndexOf(s, hi - s.length) : c.text.indexOf(s, lo);
    const whole = k >= lo && k + s.length <= hi;
    const at = whole ? null : embed(c.text, s, lo, hi, last);
    if (!whole && !at) return s;
    let out = '';
    for (let j = 0; j < s.length; j++) {
      const ch = s[j];
      out += ch >= '0' && ch <= '9' ? input[c.map[at ? at[j] : k + j]] : ch;
    }
    return out;
  };
}
