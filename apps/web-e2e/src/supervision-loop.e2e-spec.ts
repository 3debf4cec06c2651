import type { Page } from 'playwright-core';
import { SAMPLE_POLICY_TEXT } from '../../api/test/support/sample-document';
import { startJourney, type Journey } from './browser';

// The product's loop as its users click it: the supervision office imports and publishes a notice,
// a department signs for its task and reports progress, the office approves the report.
describe('supervision loop in the browser', () => {
  let journey: Journey;

  beforeAll(async () => {
    journey = await startJourney({ now: new Date('2023-03-10T02:00:00Z') });
  });
  afterAll(async () => journey?.close());

  const menuItems = async (page: Page) => {
    await page.locator('.ant-menu-item').first().waitFor();
    return (await page.locator('.ant-menu-item').allInnerTexts()).map((text) => text.trim());
  };
  const toast = (page: Page, text: string | RegExp) =>
    page.locator('.ant-message-notice, .ant-notification-notice').filter({ hasText: text });

  it('imports, publishes, signs, reports and approves', async () => {
    const { t } = journey;

    // Supervisor: import by pasting the text, check the measures, publish (creating the one unknown unit).
    const supervisor = await journey.loginAs('supervisor');
    expect(await menuItems(supervisor)).toEqual(expect.arrayContaining(['工作台', '文件导入', '督办事项']));
    await supervisor.goto(`${journey.baseUrl}/documents`);
    await supervisor.getByRole('button', { name: /导入文件/ }).click();
    await supervisor.getByLabel('文件正文').fill(SAMPLE_POLICY_TEXT);
    await supervisor.getByRole('button', { name: /解析导入/ }).click();
    await supervisor.waitForURL(/\/documents\/[0-9a-f-]{36}$/);
    await supervisor.getByText('措施清单（3 条）').waitFor();
    await supervisor
      .getByRole('button', { name: /交\s*办/ })
      .first()
      .click();
    await supervisor
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /交\s*办/ })
      .click();
    await supervisor.getByText('部分单位未能匹配组织机构，暂不能交办').waitFor();
    expect(await supervisor.locator('.ant-alert-error').innerText()).toContain('市大数据中心');
    await supervisor.getByRole('button', { name: '自动创建缺失单位并交办' }).click();
    await toast(supervisor, /已交办：生成任务 3 项/).waitFor();

    const [task] = await t.dataSource.query(`SELECT id FROM task WHERE title LIKE '深化审批制度改革%'`);
    expect(task).toBeDefined();

    // The approval bureau's clerk: sign for the task, then report progress.
    const clerk = await journey.loginAs('approval');
    expect(await menuItems(clerk)).not.toContain('用户管理');
    await clerk.goto(`${journey.baseUrl}/my`);
    const row = clerk.locator('tr', { hasText: '深化审批制度改革' });
    await row.getByRole('button', { name: /签\s*收/ }).click();
    await toast(clerk, '已签收').waitFor();
    await row.getByRole('button', { name: '进展填报' }).click();
    const report = clerk.locator('.ant-modal', { hasText: '进展填报：' });
    await report.getByLabel('完成进度（%）').fill('40');
    await report.getByLabel('进展情况').fill('已梳理审批事项清单，压减时限方案报市政府审定。');
    await report.getByRole('button', { name: /提\s*交/ }).click();
    await toast(clerk, '进展已提交，等待审核').waitFor();

    // Supervisor: review the report on the task page.
    await supervisor.goto(`${journey.baseUrl}/tasks/${task.id}`);
    await supervisor.getByRole('tab', { name: /进展填报（1）/ }).click();
    await supervisor.getByRole('button', { name: /审\s*核/ }).click();
    const review = supervisor.locator('.ant-modal', { hasText: '审核结果' });
    await review.getByLabel('意见').fill('进展属实。');
    await review.getByRole('button', { name: /提\s*交/ }).click();
    await supervisor.getByText('审核意见：进展属实。').waitFor();

    const [stored] = await t.dataSource.query(
      `SELECT a.status, a.progress, r.status AS report_status
         FROM assignment a JOIN progress_report r ON r.assignment_id = a.id
        WHERE a.task_id = $1 AND a.unit_id = $2`,
      [task.id, t.fixture.units.approval.id],
    );
    expect(stored).toEqual({ status: 'accepted', progress: 40, report_status: 'approved' });
  });

  it('keeps a department clerk out of pages their role does not grant', async () => {
    const clerk = await journey.loginAs('market');
    await clerk.goto(`${journey.baseUrl}/users`);
    await clerk.getByText('无权访问').waitFor();
    expect(await menuItems(clerk)).toEqual(expect.arrayContaining(['我的任务']));
    expect(await menuItems(clerk)).not.toContain('文件导入');
  });
});
