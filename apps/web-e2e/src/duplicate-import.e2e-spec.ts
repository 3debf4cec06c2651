import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { publishSample, type PublishedSample } from '../../api/test/support/published';
import { SAMPLE_POLICY_TEXT } from '../../api/test/support/sample-document';
import { startJourney, type Journey } from './browser';

const SCREENSHOTS = join(__dirname, '../../../dist/screenshots/duplicate-import');

// A compilation (汇编) in the seeds' layout: a new notice, then the sample notice that is already published.
const COMPILATION = [
  '（一）测试市',
  '1. 测试市人民政府办公室关于做好企业服务工作的通知（2023 年4 月1 日）',
  '测政办〔2023〕12号',
  '各县（市、区）人民政府，市直有关部门：',
  '现将有关事项通知如下，请认真贯彻落实。',
  '1.建立企业诉求快速响应机制。（牵头单位：市行政审批局；完成时限：2023年6月底前）',
  '2.开展惠企政策集中宣讲活动。（牵头单位：市财政局；完成时限：2023年8月底前）',
  `2. ${SAMPLE_POLICY_TEXT.replace('若干措施的通知\n', '若干措施的通知（2023 年3 月1 日）\n')}`,
].join('\n');

// The supervisor imports a compilation holding a notice already published: the import dialog says so next
// to that notice with a link to the earlier copy, and publishing the copy is refused until confirmed.
describe('a duplicate import, warned in the dialog and refused at publishing', () => {
  let journey: Journey;
  let sample: PublishedSample;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    journey = await startJourney({ now: new Date('2023-04-10T02:00:00Z') });
    sample = await publishSample(journey.t);
  });
  afterAll(async () => journey?.close());

  it('names the earlier copy for the one notice it concerns, and refuses to publish it twice', async () => {
    const page = await journey.loginAs('supervisor');
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${journey.baseUrl}/documents`);
    await page.getByRole('button', { name: /导入文件/ }).click();
    await page.getByLabel('文件正文').fill(COMPILATION);
    await page.getByRole('button', { name: /解析导入/ }).click();

    const list = page.getByRole('list', { name: '导入的文件' });
    await list.waitFor();
    await page.getByText('已导入 2 份文件，其中 1 份可能已在系统中').waitFor();
    const [fresh, copy] = [list.getByRole('listitem').nth(0), list.getByRole('listitem').nth(1)];
    expect(await fresh.innerText()).toContain('做好企业服务工作');
    expect(await fresh.getByText('该文件可能已导入过').count()).toBe(0);
    await copy.getByText('该文件可能已导入过').waitFor();
    expect(await copy.innerText()).toContain('发文字号相同');
    const earlier = copy.locator('.ant-alert-warning a');
    expect(await earlier.getAttribute('href')).toBe(`/documents/${sample.documentId}`);
    await page.screenshot({ path: join(SCREENSHOTS, '1-import-dialog.png'), fullPage: true });

    // Open the copy from the dialog: its page warns too, and publishing it is refused.
    await copy
      .getByRole('link', { name: /优化营商环境若干措施的通知/ })
      .first()
      .click();
    await page.waitForURL(/\/documents\/[0-9a-f-]{36}$/);
    const copyId = page.url().split('/').pop()!;
    expect(copyId).not.toBe(sample.documentId);
    await page.getByText('该文件可能已导入过').waitFor();
    await page
      .getByRole('button', { name: /交\s*办/ })
      .first()
      .click();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /交\s*办/ })
      .click();
    await page.getByText(/该文件已交办过（测政办〔2023〕9号）/).waitFor();
    await page.getByRole('button', { name: '确认重复交办' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, '2-publish-refused.png'), fullPage: true });
    const [{ tasks, status }] = await journey.t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM task WHERE document_id = $1) AS tasks, status FROM policy_document WHERE id = $1`,
      [copyId],
    );
    expect({ tasks, status }).toEqual({ tasks: 0, status: 'draft' });
    expect(errors).toEqual([]);
  }, 180_000);
});
