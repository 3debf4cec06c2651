import { auditActionLabel, auditChanges, auditEntityLabel } from './audit-labels';

describe('audit labels', () => {
  it('names actions and entities in Chinese, never the code', () => {
    expect(auditActionLabel('report.submit')).toBe('提交进展');
    expect(auditEntityLabel('task')).toBe('任务');
    expect(auditActionLabel('something.new')).toBe('其他操作');
  });

  it('turns a before/after pair into labelled changes without ids, versions or timestamps', () => {
    const before = {
      id: 'a1',
      version: 1,
      status: 'pending',
      progress: 0,
      updatedAt: '2023-03-01T00:00:00Z',
    };
    const after = { id: 'a1', version: 2, status: 'accepted', progress: 40, unitName: '市审批局' };
    expect(auditChanges(before, after)).toEqual([
      { field: 'status', label: '状态', before: '待签收', after: '办理中' },
      { field: 'progress', label: '完成进度', before: '0%', after: '40%' },
    ]);
  });

  it('lists what a creation set, with words for codes and lists', () => {
    expect(
      auditChanges(null, { username: 'li', roles: ['supervisor', 'unit'], active: true, passwordHash: 'x' }),
    ).toEqual([
      { field: 'username', label: '用户名', before: null, after: 'li' },
      { field: 'roles', label: '角色', before: null, after: '督查室、承办单位' },
      { field: 'active', label: '启用', before: null, after: '是' },
    ]);
  });
});
