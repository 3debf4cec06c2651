import ExcelJS from 'exceljs';
import type { TestApp } from './test-app';

/** GET /exports/tasks.xlsx as `auth` and open it with exceljs. */
export async function downloadLedger(
  t: TestApp,
  query: string,
  auth: { Authorization: string },
): Promise<ExcelJS.Workbook> {
  const response = await t
    .http()
    .get(`/api/v1/exports/tasks.xlsx${query}`)
    .set(auth)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    })
    .expect(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.body);
  return workbook;
}
