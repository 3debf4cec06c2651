// The working-day calendar for mainland China: Monday–Friday, minus statutory holidays, plus the
// make-up working days (调休) that move a weekend into the week. Pure: no I/O, no clock.
import { addDays, weekday, type CalendarSource } from '@duban/contracts';
import packaged from 'chinese-days/dist/chinese-days.json';

/** The State Council's published holiday arrangements, as packaged by `chinese-days`: date → festival name. */
export interface HolidayTable {
  /** Dates off work, including holidays that fall on weekends. */
  holidays: ReadonlyMap<string, string>;
  /** Weekend dates that are working days (调休). */
  workdays: ReadonlyMap<string, string>;
}

// Entries read "New Year's Day,元旦,1": keep the Chinese name.
const festivalNames = (entries: Record<string, string>) =>
  new Map(Object.entries(entries).map(([date, label]) => [date, label.split(',')[1] ?? label]));

const PACKAGED: HolidayTable = {
  holidays: festivalNames((packaged as { holidays: Record<string, string> }).holidays),
  workdays: festivalNames((packaged as { workdays: Record<string, string> }).workdays),
};

/**
 * Years the packaged table covers (chinese-days 1.5.7: 2004–2026). Later years fall back to
 * Monday–Friday until the package is updated or an admin enters the year's days in `calendar_day`.
 */
export const PACKAGED_YEARS = packagedYears(PACKAGED);

function packagedYears(table: HolidayTable): { from: number; to: number } {
  const years = [...table.holidays.keys()].map((date) => Number(date.slice(0, 4)));
  return { from: Math.min(...years), to: Math.max(...years) };
}

// Prefix sums of working days over a fixed span make counting and stepping cheap even for work that
// has been overdue for years. Outside the span only Monday–Friday counts, in closed form, so a stored
// deadline in year 9999 (or 0001) costs the same as one next week.
const SPAN_START = '2000-01-01';
const DAY_MS = 86_400_000;
const SPAN_START_DAY = Date.parse(`${SPAN_START}T00:00:00Z`) / DAY_MS;
// Through 2100-12-31: every date the contracts accept, plus a year of stepping room.
const SPAN_DAYS = Date.parse('2101-01-01T00:00:00Z') / DAY_MS - SPAN_START_DAY;
// 1970-01-05 was a Monday: day numbers are days since 1970-01-01.
const A_MONDAY = 4;

const dayNumber = (date: string): number => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Monday–Friday days before day number `day`, counted from a fixed Monday (negative before it). */
function weekdaysBefore(day: number): number {
  const offset = day - A_MONDAY;
  const weeks = Math.floor(offset / 7);
  return weeks * 5 + Math.min(offset - weeks * 7, 5);
}

export class WorkingCalendar {
  private prefix: Int32Array | null = null;

  /** `overrides` are admin corrections from `calendar_day` (date → is working day); they win. */
  constructor(
    private readonly overrides: ReadonlyMap<string, boolean> = new Map(),
    private readonly table: HolidayTable = PACKAGED,
  ) {}

  isWorkingDay(date: string): boolean {
    const override = this.overrides.get(date);
    if (override !== undefined) return override;
    if (this.table.workdays.has(date)) return true;
    if (this.table.holidays.has(date)) return false;
    const day = weekday(date);
    return day !== 0 && day !== 6;
  }

  /** Why a date is (not) a working day, with the festival's name for packaged days. */
  sourceOf(date: string): { source: CalendarSource; festival: string | null } {
    if (this.overrides.has(date)) return { source: 'override', festival: null };
    const festival = this.table.workdays.get(date) ?? this.table.holidays.get(date);
    return festival === undefined ? { source: 'weekday', festival: null } : { source: 'packaged', festival };
  }

  /** Whether the packaged table knows this date's year (outside it only weekends and overrides count). */
  covers(date: string): boolean {
    const year = Number(date.slice(0, 4));
    return year >= PACKAGED_YEARS.from && year <= PACKAGED_YEARS.to;
  }

  /**
   * Working days in the half-open interval (from, to]: from Friday to the next Monday is 1.
   * Negative when `to` is before `from`.
   */
  workingDaysBetween(from: string, to: string): number {
    return this.countTo(dayNumber(to)) - this.countTo(dayNumber(from));
  }

  /** The n-th working day after `date` (before it when n < 0); n = 0 returns `date` itself. */
  addWorkingDays(date: string, n: number): string {
    if (n === 0) return date;
    const day = dayNumber(date);
    // The first day whose running count reaches the target is the wanted working day.
    const target = n > 0 ? this.countTo(day) + n : this.countTo(day - 1) + n + 1;
    // Every 7 days hold at least 5 working days outside the span, and the span is finite.
    const reach = Math.ceil((Math.abs(n) * 7) / 5) + 7 + SPAN_DAYS;
    let lo = n > 0 ? day + 1 : day - reach;
    let hi = n > 0 ? day + reach : day - 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.countTo(mid) >= target) hi = mid;
      else lo = mid + 1;
    }
    return dateOf(lo);
  }

  /** `date` if it is a working day, otherwise the next one. */
  nextWorkingDay(date: string): string {
    return this.isWorkingDay(date) ? date : this.addWorkingDays(date, 1);
  }

  /** Working days of a range, inclusive, for display and tests. */
  workingDaysIn(from: string, to: string): string[] {
    const days: string[] = [];
    for (let day = from; day <= to; day = addDays(day, 1)) if (this.isWorkingDay(day)) days.push(day);
    return days;
  }

  /** Working days in (SPAN_START, day] for any day number: negative before the span. */
  private countTo(day: number): number {
    const i = day - SPAN_START_DAY;
    if (i < 0) return weekdaysBefore(day + 1) - weekdaysBefore(SPAN_START_DAY + 1);
    if (i < SPAN_DAYS) return this.prefixSums()[i]!;
    const last = SPAN_START_DAY + SPAN_DAYS - 1;
    return this.prefixSums()[SPAN_DAYS - 1]! + weekdaysBefore(day + 1) - weekdaysBefore(last + 1);
  }

  /** prefix[i] = working days in (SPAN_START, SPAN_START + i]. */
  private prefixSums(): Int32Array {
    if (this.prefix) return this.prefix;
    const prefix = new Int32Array(SPAN_DAYS);
    const startDow = weekday(SPAN_START);
    for (let i = 1; i < SPAN_DAYS; i++) {
      const day = dateOf(SPAN_START_DAY + i);
      const dow = (startDow + i) % 7;
      const working =
        this.overrides.get(day) ??
        (this.table.workdays.has(day) || (!this.table.holidays.has(day) && dow !== 0 && dow !== 6));
      prefix[i] = prefix[i - 1]! + (working ? 1 : 0);
    }
    this.prefix = prefix;
    return prefix;
  }
}
