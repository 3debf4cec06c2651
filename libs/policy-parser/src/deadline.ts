import { cnToInt } from './numbering';
import { asciiDigits } from './text-map';

/** Deadline phrases: 2023年底前, 2023 年12 月, 6月底前, 上半年, 三季度, 长期坚持 … */
export interface DeadlineResult {
  deadline: string | null;
  ongoing: boolean;
}

export interface DeadlineDetail extends DeadlineResult {
  /** How many separate dates the text names (the last one counts). */
  dateCount: number;
}

const ONGOING_RE = /长期|持续|常态化|每年|每半年|每季度?|每月|定期|动态/;
const QUARTER: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

/**
 * Festivals a deadline may be set before: the solar ones by month and day, the lunar ones by 农历 month and
 * day (see festivalDay). 除夕 is the day before 春节; 清明 is a solar term.
 */
const SOLAR_FESTIVALS: Record<string, [number, number]> = {
  元旦: [1, 1],
  五一劳动节: [5, 1],
  五一: [5, 1],
  劳动节: [5, 1],
  国庆: [10, 1],
};
const LUNAR_FESTIVALS: Record<string, [number, number]> = {
  春节: [1, 1],
  元宵: [1, 15],
  端午: [5, 5],
  中秋: [8, 15],
  重阳: [9, 9],
};
const FESTIVAL = String.raw`元旦|春节|除夕|元宵|清明|五一劳动节|五一|劳动节|端午|中秋|国庆|重阳`;
/** "春节前完成", "国庆节前": a festival deadline on its own. */
const FESTIVAL_BEFORE_RE = new RegExp(String.raw`^(?:${FESTIVAL})节?[以之]?前`);

const DATE_RE = new RegExp(
  [
    // 2024年春节前 / 国庆节前 / 元旦、春节前 (not 春节前后, 春节期间): the day before the festival
    String.raw`(?:(?<fy>(?<!\d)\d{4})\s*年\s*)?(?<fest>${FESTIVAL})(?=(?:节|假期)?(?:[、和及与]?(?:${FESTIVAL})(?:节|假期)?|两节|\s)*[以之]?前(?!后))`,
    // 2025.9 / 2025.09.30 / 2025-9-30 (table cells)
    String.raw`(?<y3>(?<!\d)(?:19|20)\d{2})\s*[.．/-]\s*(?<m3>\d{1,2})(?!\d)(?:\s*[.．/-]\s*(?<d3>\d{1,2})(?!\d))?`,
    // 2023年12月31日 / 2023年6月(底) / 6月上旬 / 2023年上半年 / 2025年(年)中 (not 2025年中央) / 2023年三季度 / 2023年(底)
    // (2024年春节期间 is no year end)
    String.raw`(?<y>(?<!\d)\d{4})\s*年\s*(?:(?<m>\d{1,2})\s*月(?:\s*(?<d>\d{1,2})\s*日|\s*(?<x>[上中下])旬)?|(?<h>上半年|下半年|年中|中(?=前|完成|$|[，,。；;、）)】\s]))|第?(?<q>[一二三四1-4])\s*季度|(?<ye>底|末|年底|年末)?(?!\s*(?:${FESTIVAL})))`,
    String.raw`(?<m2>\d{1,2})\s*月(?:\s*(?<d2>\d{1,2})\s*日|\s*(?<x2>[上中下])旬)?`,
    String.raw`(?<h2>上半年|下半年)`,
    String.raw`第?(?<q2>[一二三四1-4])\s*季度`,
    // 年内 alone is the notice's year; after a count (3年内, 两年内) it is a duration
    String.raw`(?<ye2>年底|年末|(?<![\d一二两三四五六七八九十几数个半]\s*)年内)`,
  ].join('|'),
  'g',
);
/** "2025年起", "自2025年3月开始": when work starts, not a deadline (2025年底起草完成 is one). */
const START_RE = /^\s*(?:起(?!草|步)|开始)/;
const PLAUSIBLE_YEAR_RE = /^(?:19|20)\d{2}$/;
const TEN_DAYS: Record<string, number> = { 上: 10, 中: 20 };

const pad = (n: number) => String(n).padStart(2, '0');
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
const DAY_MS = 86_400_000;

const festivalCache = new Map<string, number | null>();
/** The day (UTC ms) of a festival in a year; null when the runtime has no Chinese calendar. */
function festivalDay(name: string, year: number): number | null {
  const key = `${name}${year}`;
  if (!festivalCache.has(key)) festivalCache.set(key, findFestivalDay(name, year));
  return festivalCache.get(key) ?? null;
}
function findFestivalDay(name: string, year: number): number | null {
  if (name === '除夕') {
    const spring = festivalDay('春节', year);
    return spring === null ? null : spring - DAY_MS;
  }
  const solar = SOLAR_FESTIVALS[name];
  if (solar) return Date.UTC(year, solar[0] - 1, solar[1]);
  // 清明: the solar term, 4 or 5 April (the 21st-century rule)
  if (name === '清明')
    return Date.UTC(year, 3, Math.floor((year % 100) * 0.2422 + 4.81) - Math.floor((year % 100) / 4));
  const [month, day] = LUNAR_FESTIVALS[name];
  let lunar: Intl.DateTimeFormat;
  try {
    lunar = new Intl.DateTimeFormat('en-u-ca-chinese', { timeZone: 'UTC', month: 'numeric', day: 'numeric' });
  } catch {
    return null;
  }
  // the lunar festivals fall between late January and mid-November; a leap month prints as "4bis"
  for (let t = Date.UTC(year, 0, 15); t < Date.UTC(year, 11, 1); t += DAY_MS) {
    const parts = lunar.formatToParts(new Date(t));
    const m = parts.find((p) => p.type === 'month')?.value;
    const d = parts.find((p) => p.type === 'day')?.value;
    if (m === String(month) && d === String(day)) return t;
  }
  return null;
}
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const ymd = (y: number, m: number, d?: number) => `${y}-${pad(m)}-${pad(d ?? lastDay(y, m))}`;

const CN_YEAR_DIGITS = '〇一二三四五六七八九';
/**
 * "二〇二五年十二月三十一日" → "2025年12月31日", "２０２５年１２月" → "2025年12月" (seasons such as
 * 三季度 are left as they are).
 */
const CN_DATE_HINT_RE = /[〇零一二三四五六七八九十]\s*[年月日]|[０-９]/;
/**
 * A Chinese month only after a year or before what ends a date (三月份, 七月完成, 六月之前 too): 一月一调度 is "once
 * a month".
 */
const CN_MONTH = String.raw`(十[一二]?|[一二三四五六七八九])(\s*月)`;
const CN_MONTH_RE = new RegExp(
  String.raw`(?<=年\s*)${CN_MONTH}|${CN_MONTH}(?=\s*(?:份|底|末|[以之]?前|完成|[上中下]旬|[〇零一二三四五六七八九十]+\s*日|\d|$))`,
  'g',
);
export function arabicDate(text: string): string {
  if (!CN_DATE_HINT_RE.test(text)) return text;
  return asciiDigits(text)
    .replace(
      /([〇零一二三四五六七八九]{4})(\s*年)/g,
      (_, y: string, rest: string) =>
        [...y].map((c) => Math.max(0, CN_YEAR_DIGITS.indexOf(c))).join('') + rest,
    )
    .replace(CN_MONTH_RE, (_, m1?: string, r1?: string, m2 = '', r2 = '') => cnToInt(m1 ?? m2) + (r1 ?? r2))
    .replace(
      /(月\s*)(三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])(\s*日)/g,
      (_, before: string, d: string, rest: string) => before + cnToInt(d) + rest,
    );
}

/**
 * 今年/本年(度) before a date is the document's year and 明年/次年 the one after: "明年6月底前" in a
 * 2023 notice is "2024年6月底前".
 */
function namedYears(text: string, documentYear: number | null): string {
  if (documentYear === null) return text;
  return text.replace(
    /(今|本|明|次)年度?(?=\s*(?:\d|底|末|内|上半年|下半年|年中|年底|年末|第?[一二三四1-4]\s*季度))/g,
    (_, which: string) => (which === '明' || which === '次' ? `${documentYear + 1}年` : `${documentYear}年`),
  );
}

/** Every date the text names, in order, plus the ongoing flag. */
export function parseDeadlineDetail(
  printed: string,
  documentYear: number | null,
  notBefore: string | null = null,
): DeadlineDetail {
  const text = namedYears(arabicDate(printed), documentYear);
  const dates: string[] = [];
  let year = documentYear;
  let yearPrinted = false;
  for (const m of text.matchAll(DATE_RE)) {
    const g = m.groups ?? {};
    // 1000年, 5000年6月: four digits before 年 make a date only as a year of 19xx/20xx
    if ((g.y ?? g.fy) && !PLAUSIBLE_YEAR_RE.test(g.y ?? g.fy)) continue;
    if (g.y ?? g.y3 ?? g.fy) {
      year = Number(g.y ?? g.y3 ?? g.fy);
      yearPrinted = true;
    }
    if (year === null) continue;
    if (g.fest) {
      const day = festivalBefore(g.fest, year, yearPrinted ? null : notBefore);
      if (day) dates.push(day);
      continue;
    }
    if (START_RE.test(text.slice(m.index + m[0].length))) continue;
    const month = Number(g.m ?? g.m2 ?? g.m3);
    const day = g.d ?? g.d2 ?? g.d3 ?? TEN_DAYS[g.x ?? g.x2];
    const half = g.h ?? g.h2;
    const quarter = g.q ?? g.q2;
    if (month) {
      if (month < 1 || month > 12) continue;
      const d = day ? Number(day) : undefined;
      dates.push(d && d >= 1 && d <= lastDay(year, month) ? ymd(year, month, d) : ymd(year, month));
    } else if (half) dates.push(ymd(year, half === '下半年' ? 12 : 6));
    else if (quarter) dates.push(ymd(year, QUARTER[quarter] * 3));
    else if (g.y || g.ye2) dates.push(ymd(year, 12));
  }
  return { deadline: dates.at(-1) ?? null, ongoing: ONGOING_RE.test(text), dateCount: dates.length };
}

/**
 * "X前": the last day before festival X of the year (2024年元旦前 is 2023-12-31). A festival printed without a year is
 * the next one on or after `notBefore` (春节前 in a notice of November 2023 is 2024's), else the year's.
 */
function festivalBefore(name: string, year: number, notBefore: string | null): string | null {
  let day = festivalDay(name, year);
  if (day !== null && notBefore && isoDay(day) < notBefore) day = festivalDay(name, year + 1);
  return day === null ? null : isoDay(day - DAY_MS);
}

/**
 * Deadline of an assignment as a date (YYYY-MM-DD, the last day of the named period) and whether
 * the work is ongoing. Several dates: the last one counts. A month without a year takes the year
 * named earlier in the text, else documentYear.
 */
export function parseDeadline(text: string, documentYear: number | null): DeadlineResult {
  const { deadline, ongoing } = parseDeadlineDetail(text, documentYear);
  return { deadline, ongoing };
}

/** What a deadline's year is read against: the document's issue date and 发文字号. */
export interface DocumentDating {
  issuedOn?: string | null;
  docNumber?: string | null;
}

/**
 * The document-year rule: "6月底前" without a year belongs to the year the document was issued (成文日期), else
 * the year in its 发文字号 (测政办〔2023〕9号), else `fallback`. The one home of the rule: the parser reads an
 * import with it and the api a measure edited in review, so both give the same date.
 */
export function documentYear(document: DocumentDating, fallback: number | null = null): number | null {
  const year =
    /^(\d{4})/.exec(document.issuedOn ?? '')?.[1] ?? /[〔[（(【](\d{4})/.exec(document.docNumber ?? '')?.[1];
  return year ? Number(year) : fallback;
}

/** A measure's deadline text read against its document (see documentYear). */
export function documentDeadline(text: string, document: DocumentDating): DeadlineResult {
  return parseDeadline(text, documentYear(document));
}

/** Whether a short text is a deadline phrase rather than anything else. */
export function looksLikeDeadline(text: string): boolean {
  return (
    text.length <= 40 &&
    (/^(?:19|20)\d{2}\s*年|^(?:今|本|明|次)年|^(?:19|20)\d{2}\s*[.．/]\d|^\d{1,2}\s*月|季度|上半年|下半年|(?<!\d\s*)(?:年底|年末)|^年内|长期|持续|常态化|^每/.test(
      arabicDate(text),
    ) ||
      FESTIVAL_BEFORE_RE.test(text))
  );
}
