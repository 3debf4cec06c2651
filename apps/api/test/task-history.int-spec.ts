import type { TimelineEntry } from '@duban/contracts';
import { publishSample, type PublishedSample } from './support/published';
import { createTestApp, type TestApp } from './support/test-app';

// 办理记录 on the task detail, read as a clerk reads it: who (name and unit), what (in words), which fields
// changed from what to what, each step once.
describe('task history (办理记录)', () => {
  let t: TestApp;
  let sample: PublishedSample;
  let supervisor: { Authorization: string };
  let approval: { Authorization: string };

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2023-03-10T02:00:00Z') });
    sample = await publishSample(t);
    supervisor = await t.login('supervisor');
    approval = await t.login('approval');
  });
  afterAll(() => t.close());

  const history = async (taskId: string): Promise<TimelineEntry[]> =>
    (await t.http().get(`/api/v1/tasks/${taskId}`).set(supervisor).expect(200)).body.history;
  const step = (entries: TimelineEntry[], action: string) => {
    const found = entries.filter((entry) => entry.action === action);
    expect({ action, count: found.length }).toEqual({ action, count: 1 });
    return found[0];
  };

  it('names the actor and unit, says every step in Chinese and shows field changes before → after', async () => {
    const taskId = sample.taskIds[0];
    const lead = await sample.assignment(0, t.fixture.units.approval.id);
    await t.http().post(`/api/v1/assignments/${lead.id}/accept`).set(approval).expect(200);
    const report = await t
      .http()
      .post(`/api/v1/assignments/${lead.id}/reports`)
      .set(approval)
      .send({ content: '已完成流程梳理', progress: 40 })
      .expect(201);
    await t
      .http()
      .post(`/api/v1/reports/${report.body.id}/review`)
      .set(supervisor)
      .send({ decision: 'approve', comment: '同意' })
      .expect(200);
    const { version } = (await t.http().get(`/api/v1/tasks/${taskId}`).set(supervisor).expect(200)).body;
    await t
      .http()
      .patch(`/api/v1/tasks/${taskId}`)
      .set(supervisor)
      .send({ deadline: '2023-09-30', version })
      .expect(200);

    const entries = await history(taskId);
    const accept = step(entries, 'assignment.accept');
    expect(accept).toMatchObject({
      actorName: 'approval',
      actorUnitName: '测试市行政审批局',
      summary: '签收（测试市行政审批局）',
      changes: [{ field: 'status', label: '状态', before: '待签收', after: '办理中' }],
    });
    const reported = step(entries, 'assignment.report');
    expect(reported.summary).toBe('进展填报（测试市行政审批局：已完成流程梳理）');
    expect(reported.changes).toContainEqual({
      field: 'progress',
      label: '完成进度',
      before: '0%',
      after: '40%',
    });
    expect(step(entries, 'assignment.report_approve')).toMatchObject({
      actorName: 'supervisor',
      actorUnitName: '测试市人民政府',
      summary: '进展审核通过（测试市行政审批局：同意）',
    });
    expect(step(entries, 'task.update')).toMatchObject({
      summary: '修改任务',
      changes: [{ field: 'deadline', label: '完成时限', before: '2023-06-30', after: '2023-09-30' }],
    });
    // A creation lists what matters beside the task itself, not its whole row.
    expect(step(entries, 'task.create').changes).toEqual([
      { field: 'deadline', label: '完成时限', before: null, after: '2023-06-30' },
    ]);
    // The report's own row is the twin of the assignment's: each step once.
    expect(entries.map((entry) => entry.action)).not.toContain('report.submit');
    expect(entries.map((entry) => entry.action)).not.toContain('report.approve');
    // Nothing a person reads is a code, an id or JSON.
    const words = entries
      .flatMap(({ summary, changes }) => [summary, ...changes.flatMap((c) => [c.label, c.before, c.after])])
      .join('|');
    expect(words).not.toMatch(/[a-z]+\.[a-z_]+|[0-9a-f]{8}-[0-9a-f]{4}|\{"|in_progress|accepted/);
  });

  it('shows a completion as the task moving to 已办结, and a reassignment once, naming both units', async () => {
    const taskId = sample.taskIds[2];
    const lead = await sample.assignment(2, t.fixture.units.market.id);
    const market = await t.login('market');
    await t
      .http()
      .post(`/api/v1/assignments/${lead.id}/return`)
      .set(market)
      .send({ reason: '不属于本单位职责' })
      .expect(200);
    await t
      .http()
      .post(`/api/v1/assignments/${lead.id}/reassign`)
      .set(supervisor)
      .send({ unitId: t.fixture.units.finance.id })
      .expect(200);
    let entries = await history(taskId);
    expect(step(entries, 'assignment.reassign').summary).toBe('改派（测试市市场监督管理局 → 测试市财政局）');
    expect(entries.map((entry) => entry.action)).not.toContain('assignment.create');

    // Every open assignment completes; the last completion closes the task.
    const open: { id: string; unit_id: string }[] = await t.dataSource.query(
      `SELECT id, unit_id FROM assignment WHERE task_id = $1 AND status <> 'returned'`,
      [taskId],
    );
    for (const assignment of open) {
      await t.dataSource.query(`UPDATE assignment SET status = 'completion_requested' WHERE id = $1`, [
        assignment.id,
      ]);
      await t
        .http()
        .post(`/api/v1/assignments/${assignment.id}/complete`)
        .set(supervisor)
        .send({ decision: 'approve' })
        .expect(200);
    }
    entries = await history(taskId);
    expect(step(entries, 'task.completed')).toMatchObject({
      summary: '任务办结',
      changes: [{ field: 'status', label: '状态', before: '办理中', after: '已办结' }],
    });
    const keys = entries.map((entry) => `${entry.at}|${entry.action}|${entry.summary}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
