import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { publishSample, type PublishedSample } from '../../api/test/support/published';
import { startJourney, type Journey } from './browser';

const SCREENSHOTS = join(__dirname, '../../../dist/screenshots/ledger');
const LIGHT_FILLS: Record<string, string> = { 红灯: 'FFFF4D4F', 黄灯: 'FFFADB14', 绿灯: 'FF52C41A' };

// The office's 台账 as a supervisor downloads it from 督办事项 in the browser, opened with exceljs: the title row
// with its 截至日期, the autofilter on the header and the traffic lights as coloured cells.
describe('台账 downloaded in the browser', () => {
  let journey: Journey;
  let sample: PublishedSample;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    journey = await startJourney({ now: new Date('2023-03-10T02:00:00Z') });
    sample = await publishSample(journey.t);
    // Past the June deadline: the first task is red.
    journey.t.clock.set(new Date('2023-07-03T02:00:00Z'));
  });
  afterAll(async () => journey?.close());

  it('downloads the filtered 台账 with a title row, an autofilter and coloured lights', async () => {
    const page = await journey.loginAs('supervisor');
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${journey.baseUrl}/tasks?documentId=${sample.documentId}`);
    await page.locator('.ant-table-row').first().waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, '1-task-list.png'), fullPage: true });

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /导出台账/ }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    const path = join(SCREENSHOTS, '督办台账.xlsx');
    await file.saveAs(path);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const sheet = workbook.getWorksheet('督办台账')!;
    expect(sheet.getCell('A1').value).toBe('督办事项台账');
    expect(sheet.getCell('A2').value).toBe('截至日期：2023-07-03');
    expect(sheet.getCell('A3').value).toBe('序号');
    expect(sheet.autoFilter).toBe('A3:L3');
    // One row per task of the filtered document, numbered.
    expect(sheet.actualRowCount - 3).toBe(sample.taskIds.length);
    const lights = new Map<string, string>();
    for (let row = 4; row <= sheet.actualRowCount; row++) {
      const cell = sheet.getRow(row).getCell(11);
      lights.set(String(cell.value), (cell.fill as ExcelJS.FillPattern).fgColor!.argb!);
    }
    expect(lights.get('红灯')).toBe(LIGHT_FILLS['红灯']);
    for (const [label, argb] of lights) expect({ label, argb }).toEqual({ label, argb: LIGHT_FILLS[label] });
    expect(errors).toEqual([]);
  }, 180_000);
});
