import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { publishSample, type PublishedSample } from '../../api/test/support/published';
import { deliverPending as deliverRows, startJourney, type Journey } from './browser';

const SCREENSHOTS = join(__dirname, '../../../dist/screenshots');

// The supervisor's 待办 and the way back, as their users click them: a report arrives, the supervisor
// is told and reviews it from the inbox; a withdrawn document's units are told.
describe('supervisor inbox and withdrawing a document in the browser', () => {
  let journey: Journey;
  let sample: PublishedSample;

  const deliverPending = () => deliverRows(journey.t);
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const toast = (page: Page, text: string | RegExp) =>
    page.locator('.ant-message-notice, .ant-notification-notice').filter({ hasText: text });

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    journey = await startJourney({ now: new Date('2023-03-10T02:00:00Z') });
    sample = await publishSample(journey.t);
  });
  afterAll(async () => journey?.close());

  it('a report arrives, the supervisor is notified and reviews it from the inbox', async () => {
    const { t } = journey;
    const assignment = await sample.assignment(0, t.fixture.units.approval.id);
    const clerk = await t.login('approval');
    await t.http().post(`/api/v1/assignments/${assignment.id}/accept`).set(clerk).expect(200);
    await t
      .http()
      .post(`/api/v1/assignments/${assignment.id}/reports`)
      .set(clerk)
      .send({ content: '已梳理审批事项清单，压减时限方案报市政府审定。', progress: 40 })
      .expect(201);
    await deliverPending();

    const supervisor = await journey.loginAs('supervisor');
    // Told in 消息, and counted in the menu.
    await supervisor.goto(`${journey.baseUrl}/notifications`);
    await supervisor
      .getByText(/测试市行政审批局提交了进展报告/)
      .first()
      .waitFor();
    const menuInbox = supervisor.locator('.ant-menu-item', { hasText: '待办' });
    await menuInbox.locator('.ant-badge-count').filter({ hasText: '1' }).waitFor();
    await shot(supervisor, 'inbox-1-notified');

    await menuInbox.click();
    await supervisor.waitForURL(/\/inbox$/);
    await supervisor.getByRole('tab', { name: /进展待审核/ }).waitFor();
    const row = supervisor.locator('tr', { hasText: '深化审批制度改革' });
    await row.getByText('已梳理审批事项清单').waitFor();
    await shot(supervisor, 'inbox-2-list');
    await row.getByRole('button', { name: /审\s*核/ }).click();
    const review = supervisor.locator('.ant-modal', { hasText: '审核结果' });
    await review.getByLabel('意见').fill('进展属实。');
    await review.getByRole('button', { name: /提\s*交/ }).click();
    await toast(supervisor, '已处理').waitFor();
    await row.waitFor({ state: 'detached' });
    await shot(supervisor, 'inbox-3-reviewed');

    const [report] = await t.dataSource.query(
      `SELECT r.status FROM progress_report r WHERE r.assignment_id = $1`,
      [assignment.id],
    );
    expect(report).toEqual({ status: 'approved' });
    // The unit hears the result, naming the task.
    await deliverPending();
    const [result] = await t.dataSource.query(
      `SELECT n.title FROM notification n JOIN app_user u ON u.id = n.user_id
        WHERE u.username = 'approval' AND n.kind = 'review_result'`,
    );
    expect(result.title).toContain('深化审批制度改革');
  }, 300_000);

  it('withdraws a published document; its units are notified', async () => {
    const supervisor = await journey.loginAs('supervisor');
    await supervisor.goto(`${journey.baseUrl}/documents/${sample.documentId}`);
    await supervisor.getByText('措施清单（3 条）').waitFor();
    await shot(supervisor, 'withdraw-0-document');
    await supervisor.getByRole('button', { name: /撤\s*回/ }).click();
    const dialog = supervisor.locator('.ant-modal', { hasText: '撤回理由' });
    await dialog.getByLabel('撤回理由').fill('上级文件已废止，本通知停止执行。');
    await dialog.getByRole('button', { name: /撤\s*回/ }).click();
    await toast(supervisor, /文件已撤回，撤销任务 3 项/).waitFor();
    await supervisor.getByText('已撤回').first().waitFor();
    await shot(supervisor, 'withdraw-1-document');
    await deliverPending();

    const clerk = await journey.loginAs('approval');
    await clerk.goto(`${journey.baseUrl}/notifications`);
    await clerk.getByText('2 项任务已撤销').waitFor();
    await clerk.getByText(/撤销理由：上级文件已废止/).waitFor();
    await shot(clerk, 'withdraw-2-unit-notified');
    const statuses = await journey.t.dataSource.query(
      'SELECT DISTINCT status FROM task WHERE document_id = $1',
      [sample.documentId],
    );
    expect(statuses).toEqual([{ status: 'cancelled' }]);
  }, 300_000);
});
