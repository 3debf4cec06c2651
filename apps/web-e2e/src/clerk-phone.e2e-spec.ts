import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { publishSample, type PublishedSample } from '../../api/test/support/published';
import { deliverPending, startJourney, type Journey } from './browser';
import { collectErrors, expectFits as fitsOnPhone, PHONES } from './phone';

const SCREENSHOTS = join(__dirname, '../../../dist/screenshots/clerk-phone');
// A 1×1 PNG: the photo a clerk takes of the rectification notice on the wall.
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

// The department clerk on a phone: from a 催办 message to a submitted report with a photo, in five taps plus
// typing, and no page the clerk can open scrolls sideways or logs an error.
describe('clerk on a phone', () => {
  const now = new Date('2023-03-10T02:00:00Z');
  let journey: Journey;
  let sample: PublishedSample;

  beforeAll(async () => {
    journey = await startJourney({ now });
    sample = await publishSample(journey.t);
    const { t } = journey;
    // 催办 goes out on the one message road (ledger → worker → in-app), like any supervisor's urge.
    await t
      .http()
      .post(`/api/v1/tasks/${sample.taskIds[0]}/urge`)
      .set(await t.login('supervisor'))
      .send({ message: '请于本周内报送进展情况并附佐证材料。', unitIds: [t.fixture.units.approval.id] })
      .expect(200);
    await deliverPending(t);
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => journey?.close());

  async function phonePage(): Promise<{ page: Page; errors: string[] }> {
    const page = await journey.loginAs('approval');
    // The browser's today (days left, late extensions) is the server's pinned today.
    await page.clock.setFixedTime(now);
    await page.setViewportSize(PHONES[0]);
    return { page, errors: collectErrors(page) };
  }

  const expectFits = (page: Page, name: string) => fitsOnPhone(page, SCREENSHOTS, name);

  it('goes from the message to a report with a photo in five taps', async () => {
    const { page, errors } = await phonePage();
    // Phones get a drawer, not a fixed side menu.
    expect(await page.locator('.ant-layout-sider').count()).toBe(0);

    await page.goto(`${journey.baseUrl}/notifications`);
    const message = page.getByRole('link', { name: /催办：深化审批制度改革/ });
    await message.waitFor();
    // The title reads as lines of text, not a column of two or three characters per line.
    const box = (await message.boundingBox())!;
    expect(box.width).toBeGreaterThan(120);
    expect(box.height).toBeLessThan(50);
    await expectFits(page, 'notifications');

    let taps = 0;
    const tap = async (target: ReturnType<Page['locator']>) => {
      taps += 1;
      await target.click();
    };
    await tap(message);
    await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
    const mine = page.locator('.ant-card', { hasText: '本单位办理' });
    await tap(mine.getByRole('button', { name: /签\s*收/ }));
    await page.getByText('已签收').waitFor();
    await tap(mine.getByRole('button', { name: '进展填报' }));

    const dialog = page.locator('.ant-modal', { hasText: '进展填报：' });
    await dialog.getByLabel('完成进度（%）').fill('30');
    await dialog.getByLabel('进展情况').fill('已完成审批事项梳理，整改通知已张贴，附现场照片。');
    const chooser = page.waitForEvent('filechooser');
    await tap(dialog.getByRole('button', { name: /上传附件/ }));
    await (await chooser).setFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: PHOTO });
    await dialog.locator('.ant-upload-list-item-done', { hasText: '现场照片.png' }).waitFor();
    await expectFits(page, 'report-dialog');
    // The dialog fills the screen and its 提交 is in view without scrolling.
    const submit = dialog.getByRole('button', { name: /提\s*交/ });
    const submitBox = (await submit.boundingBox())!;
    expect(submitBox.y + submitBox.height).toBeLessThanOrEqual(PHONES[0].height);
    await tap(submit);
    await page.getByText('进展已提交，等待审核').waitFor();
    expect(taps).toBeLessThanOrEqual(5);

    const [stored] = await journey.t.dataSource.query(
      `SELECT r.progress, count(f.id)::int AS photos
         FROM progress_report r JOIN assignment a ON a.id = r.assignment_id
         LEFT JOIN attachment f ON f.report_id = r.id
        WHERE a.task_id = $1 AND a.unit_id = $2 GROUP BY r.id`,
      [sample.taskIds[0], journey.t.fixture.units.approval.id],
    );
    expect(stored).toEqual({ progress: 30, photos: 1 });
    expect(errors).toEqual([]);
  });

  it('fits every page a clerk can open on a phone', async () => {
    const { page, errors } = await phonePage();
    await page.goto(`${journey.baseUrl}/my`);
    await page.getByRole('list', { name: '我的任务' }).waitFor();
    // 我的任务 is a card list with the source document, the days left and the next action.
    const card = page.getByRole('listitem').filter({ hasText: '深化审批制度改革' });
    await card.getByText(/剩 \d+ 个工作日|逾期 \d+ 个工作日|已逾期|今日到期/).waitFor();
    await expectFits(page, 'my-tasks');

    // The menu is a drawer: open it, and every entry in it is a page that fits.
    await page.getByRole('button', { name: '打开菜单' }).click();
    const menu = page.getByRole('menu', { name: '主菜单' });
    await menu.waitFor();
    await expectFits(page, 'menu');
    const entries = (await menu
      .locator('.ant-menu-item a')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href')))) as string[];
    expect(entries).toEqual(expect.arrayContaining(['/my', '/notifications']));
    expect(entries).not.toContain('/documents');
    await page.keyboard.press('Escape');

    for (const path of [...entries, `/tasks/${sample.taskIds[1]}`]) {
      await page.goto(`${journey.baseUrl}${path}`);
      await page.locator('.ant-card').first().waitFor();
      await page.waitForLoadState('networkidle');
      await expectFits(page, path.replace(/\//g, '_').replace(/^_/, '') || 'home');
      if (path === '/tasks') {
        // A short task name reads on one line in the list, not two or three characters a line.
        const name = (await page.getByRole('link', { name: '深化审批制度改革' }).boundingBox())!;
        expect(name.height).toBeLessThan(30);
      }
    }
    // The breadcrumb stays on one line.
    const crumb = await page.locator('.duban-breadcrumb').boundingBox();
    expect(crumb!.height).toBeLessThan(40);
    expect(errors).toEqual([]);
  });
});
