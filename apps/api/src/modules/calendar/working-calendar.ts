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

// Prefix sums of working days over a fixed span make counting and stepping O(1)/O(log n) even for
// work that has been overdue for years.
const SPAN_START = '2000-01-01';
const SPAN_DAYS = 365 * 80;

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
    if (to < from) return -this.workingDaysBetween(to, from);
    const a = this.index(from);
    const b = this.index(to);
    if (a !== null && b !== null) return this.prefixSums()[b]! - this.prefixSums()[a]!;
    let count = 0;
    for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (this.isWorkingDay(day)) count++;
    return count;
  }

  /** The n-th working day after `date` (before it when n < 0); n = 0 returns `date` itself. */
  addWorkingDays(date: string, n: number): string {
    const a = this.index(date);
    if (n > 0 && a !== null) {
      const prefix = this.prefixSums();
      const target = prefix[a]! + n;
      // The first index whose count reaches the target is the n-th working day.
      let lo = a + 1;
      let hi = SPAN_DAYS - 1;
      if (prefix[hi]! >= target) {
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (prefix[mid]! >= target) hi = mid;
          else lo = mid + 1;
        }
        return addDays(SPAN_START, lo);
      }
    }
    let day = date;
    let left = Math.abs(n);
    const step = n < 0 ? -1 : 1;
    while (left > 0) {
      day = addDays(day, step);
      if (this.isWorkingDay(day)) left--;
    }
    return day;
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

  private index(date: string): number | null {
    const i = Math.round(
      (Date.parse(`${date}T00:00:00Z`) - Date.parse(`${SPAN_START}T00:00:00Z`)) / 86_400_000,
    );
    return i >= 0 && i < SPAN_DAYS ? i : null;
  }

  /** prefix[i] = working days in (SPAN_START, SPAN_START + i]. */
  private prefixSums(): Int32Array {
    if (this.prefix) return this.prefix;
    const prefix = new Int32Array(SPAN_DAYS);
    const start = Date.parse(`${SPAN_START}T00:00:00Z`);
    const startDow = weekday(SPAN_START);
    for (let i = 1; i < SPAN_DAYS; i++) {
      const day = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
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
