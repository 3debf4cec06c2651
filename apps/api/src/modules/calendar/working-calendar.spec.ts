import { addDays } from '@duban/contracts';
import { PACKAGED_YEARS, WorkingCalendar } from './working-calendar';

describe('WorkingCalendar', () => {
  const calendar = new WorkingCalendar();

  it('covers the years chinese-days ships (2004–2026 in 1.5.7)', () => {
    expect(PACKAGED_YEARS.from).toBeLessThanOrEqual(2004);
    expect(PACKAGED_YEARS.to).toBeGreaterThanOrEqual(2026);
    expect(calendar.covers('2025-10-01')).toBe(true);
    expect(calendar.covers('2099-10-01')).toBe(false);
  });

  it('knows the 2025 National Day holiday and its make-up working days (调休)', () => {
    for (let day = '2025-10-01'; day <= '2025-10-08'; day = addDays(day, 1))
      expect(calendar.isWorkingDay(day)).toBe(false);
    expect(calendar.isWorkingDay('2025-09-28')).toBe(true); // Sunday, 调休
    expect(calendar.isWorkingDay('2025-10-11')).toBe(true); // Saturday, 调休
    expect(calendar.isWorkingDay('2025-10-12')).toBe(false); // Sunday
    expect(calendar.isWorkingDay('2025-10-09')).toBe(true);
    expect(calendar.workingDaysIn('2025-09-27', '2025-10-12')).toEqual([
      '2025-09-28',
      '2025-09-29',
      '2025-09-30',
      '2025-10-09',
      '2025-10-10',
      '2025-10-11',
    ]);
  });

  it('counts working days in (from, to] across the holiday', () => {
    expect(calendar.workingDaysBetween('2025-09-26', '2025-10-09')).toBe(4);
    expect(calendar.workingDaysBetween('2025-09-30', '2025-10-09')).toBe(1);
    expect(calendar.workingDaysBetween('2025-10-01', '2025-10-08')).toBe(0);
    expect(calendar.workingDaysBetween('2025-10-09', '2025-09-30')).toBe(-1);
    expect(calendar.workingDaysBetween('2025-10-09', '2025-10-09')).toBe(0);
  });

  it('steps working days forwards and backwards', () => {
    expect(calendar.addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
    expect(calendar.addWorkingDays('2025-09-27', 1)).toBe('2025-09-28');
    expect(calendar.addWorkingDays('2025-10-09', -1)).toBe('2025-09-30');
    expect(calendar.addWorkingDays('2025-10-10', 1)).toBe('2025-10-11');
    expect(calendar.addWorkingDays('2025-10-10', 0)).toBe('2025-10-10');
    expect(calendar.nextWorkingDay('2025-10-03')).toBe('2025-10-09');
    // Spring Festival 2026: 2026-02-15..23 off, 2026-02-14 and 2026-02-28 (Saturdays) worked.
    expect(calendar.addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(calendar.addWorkingDays('2026-02-14', 1)).toBe('2026-02-24');
  });

  it('falls back to Monday–Friday outside the packaged years', () => {
    expect(calendar.isWorkingDay('2099-01-01')).toBe(true); // a Thursday, no table
    expect(calendar.isWorkingDay('2099-01-03')).toBe(false); // Saturday
  });

  it('lets admin overrides (calendar_day) win over the packaged table', () => {
    const overridden = new WorkingCalendar(
      new Map([
        ['2025-10-09', false],
        ['2025-10-12', true],
      ]),
    );
    expect(overridden.isWorkingDay('2025-10-09')).toBe(false);
    expect(overridden.isWorkingDay('2025-10-12')).toBe(true);
    expect(overridden.workingDaysBetween('2025-09-30', '2025-10-12')).toBe(3);
    expect(overridden.addWorkingDays('2025-09-30', 1)).toBe('2025-10-10');
  });

  it('agrees with day-by-day counting (prefix sums vs brute force)', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 300; i++) {
      const from = addDays('2004-01-01', Math.floor(random() * 8500));
      const to = addDays(from, Math.floor(random() * 200));
      const days = calendar.workingDaysIn(addDays(from, 1), to);
      expect(calendar.workingDaysBetween(from, to)).toBe(days.length);
      if (days.length) expect(calendar.addWorkingDays(from, days.length)).toBe(days[days.length - 1]);
    }
  });

  it('answers for deadlines far outside the table at once, counting Monday–Friday there', () => {
    const started = performance.now();
    // 2026-12-01 (Tuesday) .. 9999-12-31: closed form beyond 2100, no day-by-day walk.
    const far = calendar.workingDaysBetween('2026-12-01', '9999-12-31');
    expect(far).toBeGreaterThan(2_000_000);
    expect(calendar.workingDaysBetween('9999-12-31', '2026-12-01')).toBe(-far);
    expect(calendar.workingDaysBetween('0001-01-01', '2026-12-01')).toBeGreaterThan(500_000);
    expect(calendar.addWorkingDays('9999-12-31', -1)).toBe('9999-12-30'); // Friday → Thursday
    expect(calendar.addWorkingDays('2026-12-01', far)).toBe('9999-12-31');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('steps across the edges of the prefix table like day-by-day counting', () => {
    for (const from of ['1999-12-20', '2100-12-20', '2101-01-03', '1999-12-31']) {
      const days = calendar.workingDaysIn(addDays(from, 1), addDays(from, 30));
      expect(calendar.workingDaysBetween(from, addDays(from, 30))).toBe(days.length);
      days.forEach((day, i) => expect(calendar.addWorkingDays(from, i + 1)).toBe(day));
      const last = days[days.length - 1]!;
      days.forEach((day, i) => expect(calendar.addWorkingDays(last, -(days.length - 1 - i))).toBe(day));
    }
  });
});
