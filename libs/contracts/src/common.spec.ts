import { z } from 'zod';
import { submitReportSchema, taskListQuerySchema } from './tasks';

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
