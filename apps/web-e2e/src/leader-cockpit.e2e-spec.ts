import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { publishSample, type PublishedSample } from '../../api/test/support/published';
import { startJourney, type Journey } from './browser';

const SCREENSHOTS = join(__dirname, '../../../dist/screenshots/leader');
const SCREENS = {
  wall: { width: 1920, height: 1080 },
  laptop: { width: 1366, height: 768 },
  phone: { width: 390, height: 844 },
};

// The leader's cockpit on a wall screen, a laptop and a phone; menus that fit each role; the admin's queue board.
describe('leader cockpit and role menus', () => {
  const now = new Date('2023-06-01T02:00:00Z');
  let journey: Journey;
  let sample: PublishedSample;

  beforeAll(async () => {
    journey = await startJourney({ now: new Date('2023-03-10T02:00:00Z') });
    sample = await publishSample(journey.t);
    await journey.t
      .http()
      .post(`/api/v1/tasks/${sample.taskIds[1]}/comments`)
      .set(await journey.t.login('leader'))
      .send({ content: '请财政局加快资金拨付' })
      .expect(201);
    journey.t.clock.set(now);
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => journey?.close());

  async function signIn(username: string): Promise<{ page: Page; errors: string[] }> {
    const page = await journey.loginAs(username);
    await page.clock.setFixedTime(now);
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    return { page, errors };
  }
  const menuItems = async (page: Page) => {
    await page.locator('.ant-menu-item').first().waitFor();
    return (await page.locator('.ant-menu-item').allInnerTexts()).map((text) => text.trim());
  };
  const scrollWidth = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  const listTotal = async (page: Page) => {
    const text = await page.locator('.ant-pagination-total-text').first().innerText();
    return Number(/共 (\d+) 条/.exec(text)![1]);
  };

  it('shows a leader the cockpit, whose figures equal their drill-down lists', async () => {
    const { page, errors } = await signIn('leader');
    const menu = await menuItems(page);
    expect(menu).toEqual(expect.arrayContaining(['驾驶舱', '督办事项']));
    expect(menu).not.toContain('文件导入');

    await page.goto(`${journey.baseUrl}/cockpit`);
    await page.getByText('领导批示的任务（1）').waitFor();
    await page
      .getByRole('link', { name: /请财政局加快资金拨付/ })
      .or(page.getByText('请财政局加快资金拨付'))
      .first()
      .waitFor();
    for (const [name, size] of Object.entries(SCREENS)) {
      await page.setViewportSize(size);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(SCREENSHOTS, `cockpit-${name}.png`), fullPage: true });
      expect({ name, overflow: await scrollWidth(page) }).toEqual({ name, overflow: 0 });
    }
    await page.setViewportSize(SCREENS.laptop);

    for (const title of ['红灯', '黄灯', '绿灯', '逾期任务']) {
      await page.goto(`${journey.baseUrl}/cockpit`);
      const card = page.locator('a', { has: page.locator('.ant-statistic-title', { hasText: title }) });
      await page.waitForLoadState('networkidle');
      const figure = Number(await card.locator('.ant-statistic-content-value').innerText());
      await card.click();
      await page.waitForURL(/\/tasks\?/);
      await page.waitForLoadState('networkidle');
      const total = figure === 0 ? 0 : await listTotal(page);
      expect({ title, total }).toEqual({ title, total: figure });
    }

    // Only a leader's words are 批示.
    await page.goto(`${journey.baseUrl}/tasks/${sample.taskIds[0]}`);
    await page.getByRole('button', { name: '领导批示' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('filters overdue by unit and by document by region and document, each count equal to its list', async () => {
    const units = journey.t.fixture.units;
    journey.t.clock.set(new Date('2023-07-15T02:00:00Z'));
    const { page, errors } = await signIn('leader');
    const panel = (title: string) =>
      page.locator('.ant-card', {
        has: page.locator('.ant-card-head-title', { hasText: new RegExp(`^${title}$`) }),
      });
    const open = async (query: string) => {
      await page.goto(`${journey.baseUrl}/cockpit?${query}`);
      // Every view below has overdue units and documents: wait for both tables' rows.
      for (const title of ['逾期单位', '逾期文件'])
        await panel(title).locator('tbody tr.ant-table-row').first().waitFor();
      await page.waitForLoadState('networkidle');
    };
    const rows = async (title: string) =>
      (await panel(title).locator('tbody tr.ant-table-row').allInnerTexts()).map(
        (text) => text.split('\t')[0],
      );

    await open('');
    expect((await rows('逾期单位')).length).toBeGreaterThan(1);
    // 审批局 has no units below it: with it as the region, only its own row remains, and only its documents.
    const region = `regionId=${units.approval.id}`;
    await open(`${region}&documentId=${sample.documentId}`);
    expect(await rows('逾期单位')).toEqual([units.approval.name]);
    expect((await rows('逾期文件')).length).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'cockpit-filtered.png'), fullPage: true });
    for (const title of ['逾期单位', '逾期文件']) {
      await open(`${region}&documentId=${sample.documentId}`);
      const link = panel(title).locator('tbody a').first();
      const figure = Number(await link.innerText());
      await link.click();
      await page.waitForURL(/\/tasks\?/);
      expect(page.url()).toContain(region);
      await page.waitForLoadState('networkidle');
      expect({ title, total: await listTotal(page) }).toEqual({ title, total: figure });
    }
    journey.t.clock.set(now);
    expect(errors).toEqual([]);
  });

  it('lets a supervisor read the reminder rules and write opinions, not 批示', async () => {
    const { page, errors } = await signIn('supervisor');
    await page.goto(`${journey.baseUrl}/reminders`);
    await page.getByText('提醒规则由系统管理员设置，此处仅供查看。').waitFor();
    expect(await page.getByLabel('黄灯：距到期天数').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: /保\s*存/ }).count()).toBe(0);
    await page.goto(`${journey.baseUrl}/tasks/${sample.taskIds[0]}`);
    await page.getByRole('button', { name: '添加意见' }).waitFor();
    expect(await page.getByRole('button', { name: '领导批示' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('opens the queue board from the admin menu with the same session, loading nothing from outside', async () => {
    const { page } = await signIn('admin');
    const requests: string[] = [];
    page.context().on('request', (request) => requests.push(request.url()));
    const [board] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByRole('link', { name: '队列监控' }).click(),
    ]);
    await board.waitForLoadState('networkidle');
    await board.getByText('reminders').first().waitFor();
    await board.screenshot({ path: join(SCREENSHOTS, 'queue-board.png') });
    expect(requests.filter((url) => !url.startsWith(journey.baseUrl) && !url.startsWith('data:'))).toEqual(
      [],
    );
  });
});
