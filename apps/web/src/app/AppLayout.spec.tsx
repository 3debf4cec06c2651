import { screen, within } from '@testing-library/react';
import { renderApp, userWith } from '../test/render';

const ALL_MENU = [
  '工作台',
  '待办',
  '驾驶舱',
  '我的任务',
  '文件导入',
  '督办事项',
  '消息',
  '组织机构',
  '用户管理',
  '审计日志',
  '提醒规则',
  '队列监控',
];

async function menuLabels(): Promise<string[]> {
  const menu = await screen.findByRole('menu', { name: '主菜单' });
  return within(menu)
    .getAllByRole('menuitem')
    .map((item) => item.textContent ?? '');
}

describe('menu follows the role', () => {
  it('a unit user sees their own pages but not 用户管理 or 工作台', async () => {
    renderApp('/notifications', { user: userWith(['unit']) });
    const labels = await menuLabels();
    expect(labels).toEqual(expect.arrayContaining(['我的任务', '督办事项', '消息', '组织机构']));
    expect(labels).not.toContain('用户管理');
    expect(labels).not.toContain('工作台');
    expect(labels).not.toContain('文件导入');
    expect(labels).not.toContain('审计日志');
  });

  it('an admin sees every page', async () => {
    renderApp('/notifications', { user: userWith(['admin']) });
    expect(await menuLabels()).toEqual(ALL_MENU);
  });

  it('a leader sees the dashboard, the cockpit and tasks but no import desk or administration', async () => {
    renderApp('/notifications', { user: userWith(['leader']) });
    const labels = await menuLabels();
    expect(labels).toEqual(expect.arrayContaining(['工作台', '驾驶舱', '督办事项']));
    expect(labels).not.toContain('文件导入');
    expect(labels).not.toContain('队列监控');
    expect(labels).not.toContain('用户管理');
    expect(labels).not.toContain('我的任务');
    expect(labels).not.toContain('提醒规则');
    // 待办 is for those who decide.
    expect(labels).not.toContain('待办');
  });
});
