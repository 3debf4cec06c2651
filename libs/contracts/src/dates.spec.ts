import { addDays, daysBetween, shanghaiDate } from './dates';

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
