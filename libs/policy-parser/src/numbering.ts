/** Numbering styles of official documents, outermost first: 一、 （一） 1. （1） ①. */
export type NumberStyle = 'cn' | 'cnParen' | 'ar' | 'arParen' | 'circled';

export const STYLE_RANK: Record<NumberStyle, number> = { cn: 1, cnParen: 2, ar: 3, arParen: 4, circled: 5 };

export interface ItemMarker {
  style: NumberStyle;
  value: number;
  /** The number as printed, without brackets or punctuation: "十一", "7". */
  label: string;
  /** Length of the marker (with trailing spaces) at the start of the text. */
  length: number;
}

const CN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** Chinese numeral (up to 百) to integer; NaN when it is not one. */
export function cnToInt(s: string): number {
  if (!s) return NaN;
  let total = 0;
  let current = 0;
  for (const ch of s) {
    if (ch in CN_DIGITS) current = CN_DIGITS[ch];
    else if (ch === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else if (ch === '百') {
      total += (current || 1) * 100;
      current = 0;
    } else return NaN;
  }
  return total + current;
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
const PATTERNS: Array<[NumberStyle, RegExp]> = [
  ['cnParen', /^[（(][\s\u3000]*([一二三四五六七八九十百]+)[\s\u3000]*[）)][\s\u3000]*/],
  ['cn', /^([一二三四五六七八九十百]+)[\s\u3000]*[、．.][\s\u3000]*/],
  ['arParen', /^[（(][\s\u3000]*(\d{1,3})[\s\u3000]*[）)][\s\u3000]*/],
  // "4..全面落实" (a doubled dot) is a typo, not a decimal
  ['ar', /^(\d{1,3})[\s\u3000]*(?:[.．、]|[.．]{2})(?![\d.．])[\s\u3000]*/],
  ['circled', /^([①-⑳])[\s\u3000]*/],
];

/** The item number at the start of a line, if any. */
export function matchItemMarker(text: string): ItemMarker | null {
  for (const [style, re] of PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const label = m[1];
    const value =
      style === 'cn' || style === 'cnParen'
        ? cnToInt(label)
        : style === 'circled'
          ? CIRCLED.indexOf(label) + 1
          : Number(label);
    if (!Number.isFinite(value) || value <= 0) return null;
    return { style, value, label, length: m[0].length };
  }
  return null;
}
