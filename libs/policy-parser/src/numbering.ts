/**
 * Numbering styles of official documents, outermost first: 第一章, 一、, 第一条, （一）, 1., 1.1, （1）, 1), ①.
 * An article (第X条) sits below a chapter; its items are （一） and 1.
 */
export type NumberStyle =
  'chapter' | 'cn' | 'article' | 'cnParen' | 'ar' | 'arDecimal' | 'arParen' | 'arHalf' | 'circled';

export const STYLE_RANK: Record<NumberStyle, number> = {
  chapter: 0,
  cn: 1,
  article: 1.5,
  cnParen: 2,
  ar: 3,
  arDecimal: 3.5,
  arParen: 4,
  arHalf: 4.5,
  circled: 5,
};

export interface ItemMarker {
  style: NumberStyle;
  value: number;
  /** The number as printed, without brackets or punctuation: "十一", "7". */
  label: string;
  /** Length of the marker (with trailing spaces) at the start of the text. */
  length: number;
  /** A number printed without its punctuation ("30 不断优化…"): counts only inside its sequence. */
  bare?: boolean;
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
const CN = '[一二三四五六七八九十百零〇]+';
const PATTERNS: Array<[NumberStyle, RegExp]> = [
  ['chapter', new RegExp(`^第[\\s\u3000]*(${CN})[\\s\u3000]*章[\\s\u3000]*`)],
  ['article', new RegExp(`^第[\\s\u3000]*(${CN})[\\s\u3000]*条[\\s\u3000]*`)],
  ['cnParen', /^[（(][\s\u3000]*([一二三四五六七八九十百]+)[\s\u3000]*[）)][\s\u3000]*/],
  ['cn', /^([一二三四五六七八九十百]+)[\s\u3000]*[、．.][\s\u3000]*/],
  ['arParen', /^[（(][\s\u3000]*(\d{1,3})[\s\u3000]*[）)][\s\u3000]*/],
  // "4..全面落实" (a doubled dot) is a typo, not a decimal
  ['ar', /^(\d{1,3})[\s\u3000]*(?:[.．、]|[.．]{2})(?![\d.．])[\s\u3000]*/],
  ['arHalf', /^(\d{1,2})[)）](?![\d)）])[\s\u3000]*/],
  // "2.1 保障项目用地" (section 2, item 1), not "2.1万户" or "1.5%": words follow the number
  [
    'arDecimal',
    /^(\d{1,2}[.．](\d{1,2}))(?![\d.．])[\s\u3000]*(?=[\u4e00-\u9fa5“《])(?![个号家项条年月日版余名万亿元次批类倍])/,
  ],
  ['circled', /^([①-⑳])[\s\u3000]*/],
];
/** "30 不断优化税务服务": a number, a space, then words (not "5 个", "31 号", "2023 年"). */
const BARE_RE = /^(\d{1,3})[ \u3000]+(?=[\u4e00-\u9fa5“《])(?![个号家项条年月日版余名万亿元次批类])/;

/** The item number at the start of a line, if any. */
export function matchItemMarker(text: string): ItemMarker | null {
  for (const [style, re] of PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const label = m[1];
    const value =
      style === 'cn' || style === 'cnParen' || style === 'chapter' || style === 'article'
        ? cnToInt(label)
        : style === 'circled'
          ? CIRCLED.indexOf(label) + 1
          : style === 'arDecimal'
            ? Number(m[2])
            : Number(label);
    if (!Number.isFinite(value) || value <= 0) return null;
    return { style, value, label, length: m[0].length };
  }
  const bare = BARE_RE.exec(text);
  if (bare)
    return { style: 'ar', value: Number(bare[1]), label: bare[1], length: bare[0].length, bare: true };
  return null;
}
