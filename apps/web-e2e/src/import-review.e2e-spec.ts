import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { waitFor } from '../../api/test/support/wait-for';
import { startJourney, type Journey } from './browser';

const SHOTS = join(__dirname, '../../../dist/e2e-screenshots');

const header = (title: string, number: string, date: string) =>
  [
    `测试市人民政府办公室关于${title}的通知`,
    `测政办〔2024〕${number}号`,
    '各县（市、区）人民政府，市直有关部门：',
    '现将有关事项通知如下，请认真贯彻落实。',
    '测试市人民政府办公室',
    date,
  ].join('\n');

// Three styles the parser rewrite targets (issue 8): 第X条 articles, assignments printed once on the section
// heading, and units named only as `X负责`. Written here with the fixture directory's units.
const ARTICLES = [
  header('印发测试市政务服务管理办法', '3', '2024年2月1日'),
  '测试市政务服务管理办法',
  '第一条 为规范政务服务，制定本办法。',
  '第二条 推行政务服务事项清单管理，每年动态调整一次。（牵头单位：市行政审批局；完成时限：2024年6月底前）',
  '第三条 建立政务服务“好差评”制度，差评整改率达到100%。（牵头单位：市市场监管局；责任单位：市财政局；完成时限：2024年9月底前）',
  '第四条 本办法自印发之日起施行。',
].join('\n');
const SECTION_BRACKETS = [
  header('开展营商环境提升行动', '4', '2024年3月1日'),
  '一、提升审批效率（牵头单位：市行政审批局；责任单位：市财政局；完成时限：2024年6月底前）',
  '1.压减企业开办时间至1个工作日以内。',
  '2.推行工程建设项目审批“容缺受理”。',
  '二、优化监管方式（牵头单位：市市场监管局；完成时限：2024年10月底前）',
  '3.推行“双随机、一公开”监管全覆盖。',
  '4.建立轻微违法行为免罚清单。',
].join('\n');
const ONLY_FUZE = [
  header('做好企业服务工作', '5', '2024年4月1日'),
  '1.建立企业诉求快速响应机制，诉求办结率达到95%以上。市行政审批局负责。2024年6月底前完成。',
  '2.开展惠企政策集中宣讲活动。市财政局、市市场监管局负责。2024年8月底前完成。',
  '3.落实涉企收费目录清单制度。市市场监管局负责。长期坚持。',
].join('\n');

// The supervisor's review of imported notices at an office laptop's 1366×768: every field visible without
// sideways scrolling, the count of measures needing a look agreeing with the table, a measure added by hand,
// a duplicate import warned, and a publish.
describe('import review in the browser', () => {
  let journey: Journey;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    journey = await startJourney({ now: new Date('2024-01-15T02:00:00Z') });
  });
  afterAll(async () => journey?.close());

  const importNotice = async (page: Page, text: string) => {
    await page.goto(`${journey.baseUrl}/documents`);
    await page.getByRole('button', { name: /导入文件/ }).click();
    await page.getByLabel('文件正文').fill(text);
    await page.getByRole('button', { name: /解析导入/ }).click();
    await page.waitForURL(/\/documents\/[0-9a-f-]{36}$/);
    await page.getByText(/措施清单（\d+ 条）/).waitFor();
    return page.url().split('/').pop()!;
  };
  const measureCount = async (page: Page) =>
    Number((await page.getByText(/措施清单（\d+ 条）/).innerText()).match(/（(\d+) 条）/)![1]);
  const rows = (page: Page) => page.locator('.ant-table-tbody tr.ant-table-row');

  /** No sideways scroll on the page or in the table; the units, deadline and edit button inside 1366 px. */
  const assertFits = async (page: Page) => {
    const widths = await page.evaluate(() => {
      const body = document.querySelector('.ant-table-body') ?? document.querySelector('.ant-table-content');
      return {
        page: document.documentElement.scrollWidth,
        inner: window.innerWidth,
        table: body ? body.scrollWidth - body.clientWidth : 0,
      };
    });
    expect(widths.page).toBeLessThanOrEqual(widths.inner);
    expect(widths.table).toBeLessThanOrEqual(0);
    for (const header of ['承办单位', '完成时限', '操作']) {
      const box = await page.locator('.ant-table-thead th', { hasText: header }).first().boundingBox();
      expect(box && box.x + box.width).toBeLessThanOrEqual(1366);
    }
  };

  /** The badge's count equals the rows with the 需核对 mark, and the 需核对 filter shows exactly those. */
  const assertReviewCount = async (page: Page) => {
    const badge = await page.getByTestId('review-count').innerText();
    const count = badge.includes('无需核对') ? 0 : Number(badge.match(/需核对 (\d+)/)![1]);
    expect(await page.locator('.ant-table-tbody [aria-label="需核对"]').count()).toBe(count);
    await page.getByText(/^需核对（\d+）$/).click();
    await waitFor('the 需核对 filter', async () => (await rows(page).count()) === count);
    await page.getByText(/^全部$/).click();
    return count;
  };

  it('reviews three notice styles, adds a measure by hand and publishes', async () => {
    const page = await journey.loginAs('supervisor');
    await page.setViewportSize({ width: 1366, height: 768 });

    // 第X条 articles: the two assigned ones (第二条, 第三条) are measures; the purpose and commencement
    // articles are not.
    const articles = await importNotice(page, ARTICLES);
    const found = await measureCount(page);
    expect(found).toBe(2);
    await assertFits(page);
    await page.screenshot({ path: join(SHOTS, 'review-articles.png') });

    // The supervisor adds a measure the notice implies by hand, and it shows in the table.
    await page.getByRole('button', { name: /新增措施/ }).click();
    const dialog = page.locator('.ant-modal', { hasText: '新增措施' });
    await dialog.getByLabel('措施标题').fill('建立政务服务事项动态调整台账');
    await dialog.getByLabel(/牵头单位/).fill('市行政审批局');
    await dialog.getByLabel(/牵头单位/).press('Enter');
    await dialog.getByLabel('完成时限').fill('2024年12月底前');
    await dialog.getByRole('button', { name: /新\s*增/ }).click();
    await page.getByText(`措施清单（${found + 1} 条）`).waitFor();
    const added = rows(page).filter({ hasText: '建立政务服务事项动态调整台账' });
    await added.waitFor();
    expect(await added.innerText()).toContain('2024-12-31');
    expect(await added.locator('[data-status="exact"]').innerText()).toBe('市行政审批局');
    await assertReviewCount(page);

    // Section-level brackets: four numbered measures under two headings.
    await importNotice(page, SECTION_BRACKETS);
    expect(await measureCount(page)).toBe(4);
    await assertFits(page);
    // Each item carries its heading's assignment, marked as shared, so all four ask for a look.
    expect(await assertReviewCount(page)).toBe(4);
    expect(await rows(page).filter({ hasText: '建立轻微违法行为免罚清单' }).innerText()).toContain(
      '市市场监管局',
    );
    await page.screenshot({ path: join(SHOTS, 'review-section-brackets.png') });

    // `X负责` only: three measures; editing the third moves the source pane to it.
    await importNotice(page, ONLY_FUZE);
    expect(await measureCount(page)).toBe(3);
    await assertFits(page);
    const second = await rows(page).filter({ hasText: '开展惠企政策集中宣讲活动' }).innerText();
    expect(second).toContain('市财政局');
    expect(second).toContain('2024-08-31');
    await assertReviewCount(page);
    await page.getByRole('button', { name: '编辑措施 3' }).click();
    await page.locator('.ant-drawer').getByText('编辑措施 3').waitFor();
    await waitFor(
      'the source pane at measure 3',
      async () =>
        (await page.getByTestId('source-text').locator('mark[data-span="title"]').innerText()) ===
        '落实涉企收费目录清单制度',
    );
    await page.screenshot({ path: join(SHOTS, 'review-edit-source.png') });
    await page
      .locator('.ant-drawer')
      .getByRole('button', { name: /取\s*消/ })
      .click();

    // The same notice again: the import dialog warns with a link to the first copy, and so does its page.
    await page.goto(`${journey.baseUrl}/documents`);
    await page.getByRole('button', { name: /导入文件/ }).click();
    await page.getByLabel('文件正文').fill(ONLY_FUZE);
    await page.getByRole('button', { name: /解析导入/ }).click();
    const imported = page.getByRole('list', { name: '导入的文件' });
    await imported.getByText('该文件可能已导入过').waitFor();
    await imported.locator('.ant-alert-warning a', { hasText: '做好企业服务工作' }).first().waitFor();
    await imported
      .getByRole('link', { name: /做好企业服务工作/ })
      .first()
      .click();
    await page.waitForURL(/\/documents\/[0-9a-f-]{36}$/);
    await page.getByText('该文件可能已导入过').waitFor();
    await page.locator('.ant-alert-warning a', { hasText: '做好企业服务工作' }).first().waitFor();

    // Publish the 第X条 notice with its hand-added measure.
    await page.goto(`${journey.baseUrl}/documents/${articles}`);
    await page.getByText(/措施清单（\d+ 条）/).waitFor();
    await page
      .getByRole('button', { name: /交\s*办/ })
      .first()
      .click();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /交\s*办/ })
      .click();
    await page
      .locator('.ant-message-notice')
      .filter({ hasText: new RegExp(`已交办：生成任务 ${found + 1} 项`) })
      .waitFor();
    const [task] = await journey.t.dataSource.query(
      `SELECT t.id FROM task t WHERE t.document_id = $1 AND t.title = '建立政务服务事项动态调整台账'`,
      [articles],
    );
    expect(task).toBeDefined();
    // Four imports and a publish: room for a loaded CI machine.
  }, 240_000);
});
