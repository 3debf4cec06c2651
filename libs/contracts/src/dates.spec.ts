import { addDays, daysBetween, shanghaiDate } from './dates';
import { isoDate } from './common';
import { trendQuerySchema } from './stats';

describe('Shanghai calendar dates', () => {
  it('turns an instant into the Shanghai date, which runs 8 hours ahead of UTC', () => {
    expect(shanghaiDate(new Date('2023-09-30T15:59:59Z'))).toBe('2023-09-30');
    expect(shanghaiDate(new Date('2023-09-30T16:00:00Z'))).toBe('2023-10-01');
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2023-12-30', 3)).toBe('2024-01-02');
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
  });
});

describe('isoDate', () => {
  it('accepts real calendar dates only, with a Chinese message', () => {
    expect(isoDate.safeParse('2024-02-29').success).toBe(true);
    for (const bad of ['2023-02-29', '2079-02-30', '2023-13-01', '2023-6-1']) {
      const result = isoDate.safeParse(bad);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/日期/);
    }
  });
});

describe('accepted dates and ranges', () => {
  it('keeps every accepted date inside 2000–2099', () => {
    for (const bad of ['0000-01-01', '0001-01-01', '1999-12-31', '2100-01-01', '9999-12-31']) {
      const result = isoDate.safeParse(bad);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/2000 年至 2099 年/);
    }
    expect(isoDate.safeParse('2099-12-31').success).toBe(true);
  });

  it('bounds the trend range by its interval', () => {
    expect(
      trendQuerySchema.safeParse({ from: '2000-01-01', to: '2099-12-31', interval: 'day' }).success,
    ).toBe(false);
    expect(trendQuerySchema.safeParse({ from: '2000-01-01', interval: 'week' }).success).toBe(false);
    expect(trendQuerySchema.safeParse({ from: '2026-03-01', to: '2026-01-01' }).success).toBe(false);
    expect(
      trendQuerySchema.safeParse({ from: '2026-01-01', to: '2026-12-31', interval: 'day' }).success,
    ).toBe(true);
    expect(
      trendQuerySchema.safeParse({ from: '2000-01-01', to: '2099-12-31', interval: 'month' }).success,
    ).toBe(true);
  });
});
