import ExcelJS from 'exceljs';
import { publishSample, type PublishedSample } from './support/published';
import { downloadLedger } from './support/ledger';
import { createTestApp, type TestApp } from './support/test-app';

// The 台账 as an office prints it, opened with exceljs.
describe('ledger (台账) export', () => {
  let t: TestApp;
  let sample: PublishedSample;
  let workbook: ExcelJS.Workbook;

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2023-03-10T02:00:00Z') });
    sample = await publishSample(t);
    t.clock.set(new Date('2023-07-03T02:00:00Z'));
    workbook = await downloadLedger(t, `?documentId=${sample.documentId}`, await t.login('leader'));
  });
  afterAll(() => t?.close());

  it('has a title, the 截至日期, 序号 and the 台账 columns, one row per task with its units', async () => {
    const sheet = workbook.getWorksheet('督办台账')!;
    expect(sheet.getCell('A1').value).toBe('督办事项台账');
    expect(sheet.getCell('A2').value).toBe('截至日期：2023-07-03');
    expect((sheet.getRow(3).values as string[]).filter(Boolean)).toEqual([
      '序号',
      '任务编号',
      '任务名称',
      '来源文件',
      '牵头单位',
      '责任单位',
      '完成时限',
      '进展情况',
      '完成进度',
      '状态',
      '红黄绿灯',
      '是否逾期',
    ]);
    expect(sheet.actualRowCount - 3).toBe(sample.taskIds.length);
    expect(sheet.getCell('A4').value).toBe(1);
    const task2 = sheet.getRow(5);
    expect(task2.getCell(5).value).toBe('测试市财政局');
    expect(task2.getCell(6).value).toContain('测试市行政审批局');
  });

  it('filters, freezes the header, prints landscape A4 with the header on every page and page numbers', () => {
    const sheet = workbook.getWorksheet('督办台账')!;
    expect(sheet.autoFilter).toBe('A3:L3');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, printTitlesRow: '1:3' });
    expect(sheet.headerFooter.oddFooter).toContain('&P');
  });

  it('colours the traffic lights', () => {
    const sheet = workbook.getWorksheet('督办台账')!;
    const fills = new Map<string, string>();
    for (let row = 4; row <= sheet.actualRowCount; row++) {
      const cell = sheet.getRow(row).getCell(11);
      fills.set(String(cell.value), (cell.fill as ExcelJS.FillPattern).fgColor!.argb!);
    }
    // On 2023-07-03 the June deadline is past: red; every light present is coloured as its own.
    expect(fills.get('红灯')).toBe('FFFF4D4F');
    for (const [label, argb] of fills)
      expect(argb).toBe({ 红灯: 'FFFF4D4F', 黄灯: 'FFFADB14', 绿灯: 'FF52C41A' }[label]);
  });

  it('lists every assignment on a second sheet', async () => {
    const sheet = workbook.getWorksheet('承办明细')!;
    const [{ n }] = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM assignment a JOIN task t ON t.id = a.task_id WHERE t.document_id = $1',
      [sample.documentId],
    );
    expect(sheet.actualRowCount - 3).toBe(n);
    expect(sheet.autoFilter).toBe('A3:Q3');
  });
  it('walks page after page by code: every task once, in order, each with its assignments', async () => {
    // 1,100 tasks (over two batches of 500), one in ten without any assignment.
    await t.dataSource.query(
      `WITH made AS (
         INSERT INTO task (code, title, status, start_date, deadline)
         SELECT 'BULK-' || lpad(g::text, 5, '0'), '批量任务 ' || g, 'in_progress', '2023-01-01', '2023-12-31'
           FROM generate_series(1, 1100) g RETURNING id, code)
       INSERT INTO assignment (task_id, unit_id, role, status, deadline)
       SELECT m.id, $1, 'lead', 'accepted', '2023-12-31' FROM made m WHERE right(m.code, 1) <> '7'`,
      [t.fixture.units.approval.id],
    );
    const bulk = await downloadLedger(t, `?q=${encodeURIComponent('批量任务')}`, await t.login('admin'));
    const codes = (bulk.getWorksheet('督办台账')!.getColumn(2).values as string[]).slice(4);
    expect(codes).toHaveLength(1100);
    expect(codes).toEqual([...codes].sort());
    expect(new Set(codes).size).toBe(1100);
    const detail = (bulk.getWorksheet('承办明细')!.getColumn(2).values as string[]).slice(4);
    expect(detail).toHaveLength(1100 - 110);
  });

  it('refuses, before writing a byte, an export larger than EXPORT_MAX_TASKS, and says how to narrow it', async () => {
    const small = await createTestApp({ env: { EXPORT_MAX_TASKS: '3' } });
    try {
      await small.dataSource.query(
        `INSERT INTO task (code, title, status, start_date)
         SELECT 'CAP-' || g, '上限任务 ' || g, 'in_progress', '2023-01-01' FROM generate_series(1, 4) g`,
      );
      const admin = await small.login('admin');
      const refused = await small.http().get('/api/v1/exports/tasks.xlsx').set(admin).expect(400);
      expect(refused.headers['content-disposition']).toBeUndefined();
      expect(refused.body.message).toContain('超过 3 项');
      expect(refused.body.message).toContain('筛选');
      await small.dataSource.query(`DELETE FROM task WHERE code = 'CAP-4'`);
      const three = await downloadLedger(small, '?q=CAP-', admin);
      expect(three.getWorksheet('督办台账')!.actualRowCount - 3).toBe(3);
    } finally {
      await small.close();
    }
  });
});
