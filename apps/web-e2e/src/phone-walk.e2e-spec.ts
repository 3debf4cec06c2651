import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { publishSample, type PublishedSample } from '../../api/test/support/published';
import { deliverPending, startJourney, type Journey } from './browser';
import { collectErrors, drawerEntries, expectFits, PHONES } from './phone';

const SCREENSHOTS = join(__dirname, '../../../dist/screenshots/phone-walk');

// Every page the supervisor, the leader and the admin can open, on a phone (the clerk's are in clerk-phone):
// nothing scrolls sideways and nothing logs an error. The pages are the drawer's entries plus the detail
// pages their lists lead to.
describe('every role on a phone', () => {
  const now = new Date('2023-03-10T02:00:00Z');
  let journey: Journey;
  let sample: PublishedSample;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    journey = await startJourney({ now });
    sample = await publishSample(journey.t);
    const { t } = journey;
    // Something on every page: a report waiting for review, a leader's 批示, an urge, messages delivered.
    const clerk = await t.login('approval');
    const assignment = await sample.assignment(0, t.fixture.units.approval.id);
    await t.http().post(`/api/v1/assignments/${assignment.id}/accept`).set(clerk).expect(200);
    await t
      .http()
      .post(`/api/v1/assignments/${assignment.id}/reports`)
      .set(clerk)
      .send({ content: '已梳理审批事项清单，压减时限方案报市政府审定。', progress: 40 })
      .expect(201);
    await t
      .http()
      .post(`/api/v1/tasks/${sample.taskIds[1]}/comments`)
      .set(await t.login('leader'))
      .send({ content: '请财政局加快资金拨付，确保改革落地见效。' })
      .expect(201);
    await deliverPending(t);
  });
  afterAll(async () => journey?.close());

  async function phone(username: string): Promise<{ page: Page; errors: string[] }> {
    const page = await journey.loginAs(username);
    await page.clock.setFixedTime(now);
    await page.setViewportSize(PHONES[0]);
    return { page, errors: collectErrors(page) };
  }

  /** Opens each path, waits for it to settle, and checks it fits. */
  async function walk(page: Page, role: string, paths: string[]): Promise<void> {
    for (const path of paths) {
      await page.goto(`${journey.baseUrl}${path}`);
      await page.locator('.ant-layout-content').first().waitFor();
      await page.waitForLoadState('networkidle');
      // A loaded machine may take a while over a list: wait for its spinner, naming the page if it stays.
      await page
        .locator('.ant-spin-spinning')
        .first()
        .waitFor({ state: 'detached', timeout: 30_000 })
        .catch((error: Error) => {
          throw new Error(`${role} ${path}: still loading (${error.message.split('\n')[0]})`);
        });
      const name = `${role}-${path.replace(/\//g, '_').replace(/^_/, '') || 'home'}`.replace(
        /_[0-9a-f-]{36}/,
        '_id',
      );
      await expectFits(page, SCREENSHOTS, name);
    }
  }

  const details = () => [`/tasks/${sample.taskIds[0]}`, `/tasks/${sample.taskIds[1]}`];

  it('supervisor: every menu page, the task and document pages, and the import dialog', async () => {
    const { page, errors } = await phone('supervisor');
    const entries = await drawerEntries(page);
    expect(entries).toEqual(
      expect.arrayContaining(['/', '/inbox', '/documents', '/tasks', '/notifications']),
    );
    await walk(page, 'supervisor', [...entries, ...details(), `/documents/${sample.documentId}`]);

    // The import dialog fills the phone's screen and its button is in view.
    await page.goto(`${journey.baseUrl}/documents`);
    await page.getByRole('button', { name: /导入文件/ }).click();
    const dialog = page.locator('.ant-modal', { hasText: '导入政策文件' });
    await dialog.getByLabel('文件正文').waitFor();
    await expectFits(page, SCREENSHOTS, 'supervisor-import-dialog');
    const ok = (await dialog.getByRole('button', { name: /解析导入/ }).boundingBox())!;
    expect(ok.y + ok.height).toBeLessThanOrEqual(PHONES[0].height);
    expect(errors).toEqual([]);
  }, 300_000);

  it('leader: the cockpit, the lists and a task with its 批示', async () => {
    const { page, errors } = await phone('leader');
    const entries = await drawerEntries(page);
    expect(entries).toEqual(expect.arrayContaining(['/cockpit', '/tasks']));
    expect(entries).not.toContain('/documents');
    await walk(page, 'leader', [...entries, ...details(), `/documents/${sample.documentId}`]);
    expect(errors).toEqual([]);
  }, 300_000);

  it('admin: users, units, audit, reminders and the rest', async () => {
    const { page, errors } = await phone('admin');
    const entries = await drawerEntries(page);
    expect(entries).toEqual(expect.arrayContaining(['/users', '/units', '/audit', '/reminders']));
    // The queue board is the server's own page, opened in a new tab: checked on its own below.
    await walk(
      page,
      'admin',
      entries.filter((path) => !path.startsWith('/api/')),
    );
    expect(errors).toEqual([]);

    // The queue board, from the drawer with the session it already has.
    await page.getByRole('button', { name: '打开菜单' }).click();
    const popup = page.waitForEvent('popup');
    await page.getByRole('menu', { name: '主菜单' }).getByText('队列监控').click();
    const board = await popup;
    const boardErrors = collectErrors(board);
    await board.waitForLoadState('networkidle');
    await expectFits(board, SCREENSHOTS, 'admin-queue-board', [PHONES[0]]);
    expect(boardErrors).toEqual([]);
  }, 300_000);
});
