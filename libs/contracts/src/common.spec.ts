import { z } from 'zod';
import { submitReportSchema, taskFilterQuerySchema, taskListQuerySchema } from './tasks';

const messages = (result: { error?: z.ZodError }) => result.error?.issues.map((issue) => issue.message);

describe('length messages a clerk reads', () => {
  it('says how many characters or items are allowed, in plain words', () => {
    expect(messages(taskListQuerySchema.safeParse({ q: '营'.repeat(101) }))).toEqual(['最多 100 个字']);
    expect(messages(submitReportSchema.safeParse({ content: '进'.repeat(20001), progress: 10 }))).toEqual([
      '最多 20000 个字',
    ]);
    expect(messages(z.object({ name: z.string().min(1) }).safeParse({ name: '' }))).toEqual(['不能为空']);
    expect(messages(z.array(z.string()).min(2).safeParse(['a']))).toEqual(['至少 2 项']);
  });

  it('keeps a field’s own message and the locale for everything else', () => {
    expect(messages(submitReportSchema.safeParse({ content: 'x', progress: 10 }))).toEqual([
      '请填写进展情况（至少 2 个字）',
    ]);
    expect(messages(submitReportSchema.safeParse({ content: '本周推进', progress: 101 }))).toEqual([
      '进度应在 0–100 之间',
    ]);
    expect(messages(z.number().max(3).safeParse(4))?.[0]).toMatch(/^数值过大/);
  });
});

describe('one plain message per mistake', () => {
  it('says a number is missing or not whole, without zod’s type words', () => {
    expect(messages(submitReportSchema.safeParse({ content: '本周推进' }))).toEqual(['请填写数字']);
    expect(messages(submitReportSchema.safeParse({ content: '本周推进', progress: 'abc' }))).toEqual([
      '请填写数字',
    ]);
    expect(messages(submitReportSchema.safeParse({ content: '本周推进', progress: 50.5 }))).toEqual([
      '应为整数',
    ]);
  });

  it('reports only the first thing wrong with a date', () => {
    expect(messages(taskListQuerySchema.safeParse({ deadlineFrom: 'abc' }))).toEqual([
      '日期格式应为 YYYY-MM-DD',
    ]);
    expect(messages(taskListQuerySchema.safeParse({ deadlineFrom: '2026-02-30' }))).toEqual(['日期无效']);
    expect(messages(taskListQuerySchema.safeParse({ deadlineFrom: '1999-12-31' }))).toEqual([
      '日期应在 2000 年至 2099 年之间',
    ]);
  });

  it('refuses a deadline range that ends before it starts, in the list and in the export', () => {
    const reversed = { deadlineFrom: '2026-12-31', deadlineTo: '2026-01-01' };
    expect(messages(taskListQuerySchema.safeParse(reversed))).toEqual(['结束日期不能早于开始日期']);
    expect(messages(taskFilterQuerySchema.safeParse(reversed))).toEqual(['结束日期不能早于开始日期']);
    expect(
      taskListQuerySchema.safeParse({ deadlineFrom: '2026-01-01', deadlineTo: '2030-12-31' }).success,
    ).toBe(true);
  });
});
