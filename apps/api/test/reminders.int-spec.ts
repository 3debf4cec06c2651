import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getQueueToken } from '@nestjs/bullmq';
import type { ReportCycle } from '@duban/contracts';
import type { Queue } from 'bullmq';
import { createApp } from '../src/app.factory';
import { Clock } from '../src/common/clock';
import { SYSTEM_ACTOR } from '../src/common/actor';
import { QUEUE, SWEEP_SCHEDULER_ID } from '../src/queue/queues';
import { RemindersService } from '../src/modules/reminders/reminders.service';
import type { Unit } from '../src/modules/units/unit.entity';
import { createTestApp, type TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

const at = (date: string) => new Date(`${date}T09:00:00+08:00`);
// Scheduled sweeps would run on the wall clock's 10-minute ticks; tests sweep by hand.
const NO_CRON = { REMINDER_CRON: 'off' };

interface TaskInput {
  deadline: string | null;
  units: Unit[];
  title?: string;
  ongoing?: boolean;
  reportCycle?: ReportCycle | null;
  status?: string;
}

async function createTask(
  t: TestApp,
  input: TaskInput,
): Promise<{ taskId: string; assignmentIds: Record<string, string> }> {
  const [task] = await t.dataSource.query(
    `INSERT INTO task (code, title, deadline, ongoing, report_cycle, status, start_date)
     VALUES ('DB-T-' || nextval('task_code_seq'), $1, $2, $3, $4, 'in_progress', '2025-09-01') RETURNING id`,
    [
      input.title ?? '优化营商环境重点任务',
      input.deadline,
      input.ongoing ?? false,
      input.reportCycle ?? null,
    ],
  );
  const assignmentIds: Record<string, string> = {};
  for (const [index, unit] of input.units.entries()) {
    const [row] = await t.dataSource.query(
      `INSERT INTO assignment (task_id, unit_id, role, status, deadline) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [task.id, unit.id, index === 0 ? 'lead' : 'responsible', input.status ?? 'accepted', input.deadline],
    );
    assignmentIds[unit.id] = row.id;
  }
  return { taskId: task.id, assignmentIds };
}

const notificationsOf = async (
  t: TestApp,
  userId: string,
  taskId?: string,
): Promise<{ kind: string; title: string; body: string }[]> =>
  t.dataSource.query(
    `SELECT kind, title, body FROM notification WHERE user_id = $1 AND ($2::uuid IS NULL OR task_id = $2) ORDER BY created_at, id`,
    [userId, taskId ?? null],
  );

const allSent = (t: TestApp, taskId: string) => async () => {
  const [row] = await t.dataSource.query(
    `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*)::int AS total FROM reminder WHERE task_id = $1`,
    [taskId],
  );
  return row.total > 0 && row.pending === 0;
};

describe('reminders: a deadline tomorrow, swept again and again from two instances', () => {
  let t: TestApp;
  let second: NestExpressApplication;
  beforeAll(async () => {
    t = await createTestApp({ role: 'all', now: at('2025-09-29'), env: NO_CRON });
    // A second running instance on the same database and Redis prefix.
    second = await createApp(t.config);
    await second.init();
    second.get(Clock).set(at('2025-09-29'));
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  it('notifies each recipient exactly once', async () => {
    const { market, approval } = t.fixture.units;
    const { taskId } = await createTask(t, { deadline: '2025-09-30', units: [market, approval] });
    const first = t.app.get(RemindersService);
    const other = second.get(RemindersService);
    const results = await Promise.all([first.sweep(), other.sweep(), first.sweep(), other.sweep()]);
    // market (clerk and head) and approval: three ledger rows, whoever got there first.
    expect(results.reduce((sum, r) => sum + r.created, 0)).toBe(3);
    expect(results.reduce((sum, r) => sum + (r.byKind.due_soon ?? 0), 0)).toBe(3);
    await waitFor('delivery', allSent(t, taskId));

    const supervisor = await t.login('supervisor');
    const again = await t.http().post('/api/v1/reminders/sweep').set(supervisor).expect(200);
    expect(again.body).toMatchObject({ created: 0, now: at('2025-09-29').toISOString() });
    await t.http().post('/api/v1/reminders/sweep').set(supervisor).expect(200);
    await new Promise((resolve) => setTimeout(resolve, 500));

    const { users } = t.fixture;
    for (const user of [users.marketClerk, users.marketHead, users.approvalClerk]) {
      const received = await notificationsOf(t, user.id, taskId);
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ kind: 'due_soon' });
      expect(received[0]!.title).toContain('剩 1 个工作日');
    }
    const ledger = await t.dataSource.query(
      `SELECT rule, status, attempts, delivered_channels FROM reminder WHERE task_id = $1`,
      [taskId],
    );
    expect(ledger).toEqual(
      Array(3).fill({ rule: 'due_soon_1', status: 'sent', attempts: 1, delivered_channels: ['in_app'] }),
    );

    // Through the API, as the recipient sees it.
    const inbox = await t
      .http()
      .get('/api/v1/notifications?unread=true')
      .set(await t.login('market'))
      .expect(200);
    expect(inbox.body.items.filter((n: { taskId: string }) => n.taskId === taskId)).toHaveLength(1);
  });

  it('sends nothing on the National Day holiday and counts working days across it', async () => {
    const { finance, approval } = t.fixture.units;
    const service = t.app.get(RemindersService);
    // Deadline Friday 10-10: from Tuesday 09-30 two working days remain (10-09, 10-10), the holiday does not count.
    const { taskId } = await createTask(t, {
      deadline: '2025-10-10',
      units: [approval, finance],
      title: '国庆后到期事项',
    });
    const holiday = await service.sweep(at('2025-10-03'));
    expect(holiday.created).toBe(0);
    await service.sweep(at('2025-09-30'));
    const rows = await t.dataSource.query(
      `SELECT rule, bucket::text AS bucket, title FROM reminder WHERE task_id = $1`,
      [taskId],
    );
    expect(rows).toEqual([
      { rule: 'due_soon_3', bucket: '2025-10-10', title: '临期提醒（剩 2 个工作日）：国庆后到期事项' },
    ]);
    // The make-up Saturday 10-11 is a working day: one working day overdue.
    await service.sweep(at('2025-10-11'));
    const overdue = await t.dataSource.query(
      `SELECT bucket::text AS bucket, title FROM reminder WHERE task_id = $1 AND rule = 'overdue'`,
      [taskId],
    );
    expect(overdue).toEqual([
      { bucket: '2025-10-11', title: '逾期提醒（已逾期 1 个工作日）：国庆后到期事项' },
    ]);
    await waitFor('delivery', allSent(t, taskId));
  });

  it('escalates to the unit head and the supervisors over the unit, once per deadline', async () => {
    const { market } = t.fixture.units;
    const service = t.app.get(RemindersService);
    // Deadline Monday 09-22; by 09-30 seven working days have passed (23–26, 28 调休, 29, 30).
    const { taskId } = await createTask(t, { deadline: '2025-09-22', units: [market], title: '逾期事项' });
    await service.sweep(at('2025-09-30'));
    await service.sweep(at('2025-09-30'));
    const escalations = await t.dataSource.query(
      `SELECT u.username, r.bucket::text AS bucket, r.title FROM reminder r JOIN app_user u ON u.id = r.recipient_id
        WHERE r.task_id = $1 AND r.rule = 'escalation' ORDER BY u.username`,
      [taskId],
    );
    expect(escalations.map((e: { username: string }) => e.username)).toEqual(['market_head', 'supervisor']);
    expect(escalations[0]).toMatchObject({ bucket: '2025-09-22' });
    expect(escalations[0].title).toContain('逾期 7 个工作日');
    const overdue = await t.dataSource.query(
      `SELECT u.username FROM reminder r JOIN app_user u ON u.id = r.recipient_id WHERE r.task_id = $1 AND r.rule = 'overdue' ORDER BY 1`,
      [taskId],
    );
    expect(overdue.map((o: { username: string }) => o.username)).toEqual(['market', 'market_head']);
    // The next working day: another overdue reminder, no second escalation.
    await service.sweep(at('2025-10-09'));
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM reminder WHERE task_id = $1 AND rule = 'escalation'`,
      [taskId],
    );
    expect(n).toBe(2);
    await waitFor('delivery', allSent(t, taskId));
    const head = await notificationsOf(t, t.fixture.users.marketHead.id, taskId);
    expect(head.map((h) => h.kind).sort()).toEqual(['escalation', 'overdue', 'overdue']);
  });

  it('stops reminding once an assignment is completed', async () => {
    const { approval } = t.fixture.units;
    const { taskId, assignmentIds } = await createTask(t, { deadline: '2025-09-22', units: [approval] });
    await t.dataSource.query(`UPDATE assignment SET status = 'completed' WHERE id = $1`, [
      assignmentIds[approval.id],
    ]);
    await t.app.get(RemindersService).sweep(at('2025-09-30'));
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM reminder WHERE task_id = $1`, [
      taskId,
    ]);
    expect(n).toBe(0);
  });

  it('asks ongoing tasks for their periodic report', async () => {
    const { approval, market } = t.fixture.units;
    const { taskId, assignmentIds } = await createTask(t, {
      deadline: null,
      units: [approval, market],
      ongoing: true,
      reportCycle: 'monthly',
      title: '长期坚持事项',
    });
    // market reported this month; approval did not.
    await t.dataSource.query(
      `UPDATE assignment SET last_report_at = '2025-09-10T10:00:00+08:00' WHERE id = $1`,
      [assignmentIds[market.id]],
    );
    await t.app.get(RemindersService).sweep(at('2025-09-29'));
    const rows = await t.dataSource.query(
      `SELECT assignment_id, rule, bucket::text AS bucket FROM reminder WHERE task_id = $1`,
      [taskId],
    );
    expect(rows).toEqual([
      { assignment_id: assignmentIds[approval.id], rule: 'report_due', bucket: '2025-09-30' },
    ]);
    await waitFor('delivery', allSent(t, taskId));
  });

  it('folds many reminders for one person into a daily digest', async () => {
    const admin = await t.login('admin');
    const rules = (await t.http().get('/api/v1/reminders/rules').set(admin).expect(200)).body;
    await t
      .http()
      .put('/api/v1/reminders/rules')
      .set(admin)
      .send({ ...rules, digestThreshold: 3 })
      .expect(200);
    const { countyA } = t.fixture.units;
    const countyUser = await t.dataSource.query(
      `INSERT INTO app_user (username, display_name, password_hash, unit_id, roles) VALUES ('county_a', '甲县承办人', 'x', $1, '{unit}') RETURNING id`,
      [countyA.id],
    );
    const taskIds: string[] = [];
    for (let i = 0; i < 4; i++)
      taskIds.push(
        (await createTask(t, { deadline: '2025-10-09', units: [countyA], title: `甲县事项${i + 1}` })).taskId,
      );
    const result = await t.app.get(RemindersService).sweep(at('2025-09-29'));
    expect(result.byKind).toMatchObject({ digest: 1 });
    await waitFor('digest delivery', async () => {
      const [row] = await t.dataSource.query(
        `SELECT status FROM reminder WHERE rule = 'digest' AND recipient_id = $1`,
        [countyUser[0].id],
      );
      return row?.status === 'sent';
    });
    const received = await notificationsOf(t, countyUser[0].id);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ kind: 'digest', title: '今日督办汇总：4 项事项需要办理' });
    for (let i = 1; i <= 4; i++) expect(received[0]!.body).toContain(`甲县事项${i}`);
    const folded = await t.dataSource.query(
      `SELECT status, digest_id IS NOT NULL AS folded FROM reminder WHERE task_id = ANY($1::uuid[])`,
      [taskIds],
    );
    expect(folded).toEqual(Array(4).fill({ status: 'digested', folded: true }));
    // The next sweep the same day adds no second digest.
    await createTask(t, { deadline: '2025-10-09', units: [countyA], title: '甲县事项5' });
    await createTask(t, { deadline: '2025-10-09', units: [countyA], title: '甲县事项6' });
    await createTask(t, { deadline: '2025-10-09', units: [countyA], title: '甲县事项7' });
    const later = await t.app.get(RemindersService).sweep(at('2025-09-29'));
    expect(later.byKind.digest ?? 0).toBe(0);
    await t.http().put('/api/v1/reminders/rules').set(admin).send(rules).expect(200);
  });

  it('urges through the ledger: each urge call is delivered once, two urges twice', async () => {
    const { approval, market } = t.fixture.units;
    const { taskId } = await createTask(t, {
      deadline: '2025-12-31',
      units: [approval, market],
      title: '催办事项',
    });
    const supervisor = await t.login('supervisor');
    const first = await t
      .http()
      .post(`/api/v1/tasks/${taskId}/urge`)
      .set(supervisor)
      .send({ message: '请本周内报送进展' });
    expect(first.status).toBeLessThan(300);
    expect(first.body).toEqual({ reminders: 3 });
    await t
      .http()
      .post(`/api/v1/tasks/${taskId}/urge`)
      .set(supervisor)
      .send({ message: '再次催办', unitIds: [approval.id] });
    await waitFor('urge delivery', allSent(t, taskId));
    const received = await notificationsOf(t, t.fixture.users.approvalClerk.id, taskId);
    expect(received.map((n) => n.kind)).toEqual(['urge', 'urge']);
    expect(received.map((n) => n.body).join('\n')).toContain('请本周内报送进展');
    expect(await notificationsOf(t, t.fixture.users.marketHead.id, taskId)).toHaveLength(1);
    const audit = await t.dataSource.query(
      `SELECT action FROM audit_entry WHERE entity_id = $1 AND action = 'task.urge'`,
      [taskId],
    );
    expect(audit).toHaveLength(2);
    // A sweep afterwards sends nothing more for it (deadline far away).
    await t.app.get(RemindersService).sweep();
    expect(await notificationsOf(t, t.fixture.users.approvalClerk.id, taskId)).toHaveLength(2);
  });

  it('urge() called directly writes its own audit row', async () => {
    const { approval } = t.fixture.units;
    const { taskId, assignmentIds } = await createTask(t, { deadline: '2025-12-31', units: [approval] });
    const result = await t.app
      .get(RemindersService)
      .urge(SYSTEM_ACTOR, { taskId, assignmentIds: [assignmentIds[approval.id]!], message: '系统催办' });
    expect(result).toEqual({ reminders: 1 });
    await waitFor('urge delivery', allSent(t, taskId));
  });
});

describe('reminders: rules endpoint, ledger list and queue board', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ role: 'api', now: at('2025-09-29'), env: NO_CRON });
  });
  afterAll(() => t.close());

  it('lets supervisors read the rules and only admins change them', async () => {
    await t
      .http()
      .get('/api/v1/reminders/rules')
      .set(await t.login('market'))
      .expect(403);
    await t
      .http()
      .get('/api/v1/reminders/rules')
      .set(await t.login('supervisor'))
      .expect(200);
    await t
      .http()
      .put('/api/v1/reminders/rules')
      .set(await t.login('supervisor'))
      .send({})
      .expect(403);
    await t.http().get('/api/v1/reminders/rules').expect(401);
    const admin = await t.login('admin');
    const current = await t.http().get('/api/v1/reminders/rules').set(admin).expect(200);
    expect(current.body).toMatchObject({
      dueSoonDays: [1, 3, 7],
      remindOnDeadlineDay: true,
      overdueEveryWorkingDays: 1,
      escalateAfterWorkingDays: 5,
    });
  });

  it('rejects bad rules with the list of problems', async () => {
    const admin = await t.login('admin');
    const bad = await t
      .http()
      .put('/api/v1/reminders/rules')
      .set(admin)
      .send({ dueSoonDays: [0, 3], overdueEveryWorkingDays: 'daily', digestThreshold: 1, surprise: true })
      .expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const paths = bad.body.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining(['dueSoonDays.0', 'overdueEveryWorkingDays', 'digestThreshold']),
    );
    expect(bad.body.message).toContain('dueSoonDays');
    // Every problem is explained in Chinese, not in the validator's English.
    for (const detail of bad.body.details) expect(detail.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('writes the rules with one audit row', async () => {
    const admin = await t.login('admin');
    const before = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_entry WHERE action = 'settings.reminder_rules'`,
    );
    const put = await t
      .http()
      .put('/api/v1/reminders/rules')
      .set(admin)
      .send({ dueSoonDays: [10, 5, 5, 2], escalateAfterWorkingDays: 3, digestThreshold: 8 })
      .expect(200);
    expect(put.body).toMatchObject({
      dueSoonDays: [2, 5, 10],
      escalateAfterWorkingDays: 3,
      digestThreshold: 8,
      remindOnDeadlineDay: true,
    });
    const after = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_entry WHERE action = 'settings.reminder_rules'`,
    );
    expect(after[0].n - before[0].n).toBe(1);
    const read = await t.http().get('/api/v1/reminders/rules').set(admin).expect(200);
    expect(read.body.dueSoonDays).toEqual([2, 5, 10]);
  });

  it('runs the sweep for supervisors only and lists failed reminders', async () => {
    await t
      .http()
      .post('/api/v1/reminders/sweep')
      .set(await t.login('market'))
      .expect(403);
    await t
      .http()
      .post('/api/v1/reminders/sweep')
      .set(await t.login('leader'))
      .expect(403);
    const supervisor = await t.login('supervisor');
    const swept = await t.http().post('/api/v1/reminders/sweep').set(supervisor).expect(200);
    expect(swept.body).toMatchObject({ created: 0, byKind: {} });
    const failed = await t.http().get('/api/v1/reminders?status=failed').set(supervisor).expect(200);
    expect(failed.body).toMatchObject({ items: [], total: 0, page: 1 });
    await t
      .http()
      .get('/api/v1/reminders?status=failed')
      .set(await t.login('market'))
      .expect(403);
    await t.http().get('/api/v1/reminders?status=broken').set(supervisor).expect(400);
  });

  it('serves the queue board to admins, by header or cookie', async () => {
    await t.http().get('/api/admin/queues').expect(401);
    await t
      .http()
      .get('/api/admin/queues')
      .set(await t.login('supervisor'))
      .expect(403);
    const admin = await t.login('admin');
    const page = await t.http().get('/api/admin/queues').set(admin).expect(200);
    expect(page.text).toContain('<html');
    // Offline networks: nothing on the page loads from another server.
    expect(page.text).not.toMatch(/(href|src)="https?:\/\//);
    const token = admin.Authorization.replace('Bearer ', '');
    const queues = await t
      .http()
      .get('/api/admin/queues/api/queues')
      .set('Cookie', `other=1; duban_token=${token}`)
      .expect(200);
    expect(queues.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(
      [QUEUE.imports, QUEUE.reminders].sort(),
    );
    await t.http().get('/api/admin/queues/api/queues').set('Cookie', 'duban_token=forged').expect(401);
  });
});

describe('reminders: the sweep schedule', () => {
  it('is registered once at worker boot with the configured cron in Asia/Shanghai, however many workers start', async () => {
    const t = await createTestApp({ role: 'worker' });
    const again = await createApp(t.config);
    await again.init();
    try {
      const queue = t.app.get<Queue>(getQueueToken(QUEUE.reminders));
      expect(await queue.getJobSchedulersCount()).toBe(1);
      const scheduler = await queue.getJobScheduler(SWEEP_SCHEDULER_ID);
      expect(scheduler).toMatchObject({
        key: SWEEP_SCHEDULER_ID,
        pattern: '*/10 * * * *',
        tz: 'Asia/Shanghai',
      });
    } finally {
      await again.close();
      await t.close();
    }
  });
});

describe('reminders: dispatch after commit', () => {
  it('enqueues what the moves of one event-loop turn recorded with one addBulk, and a later turn with its own', async () => {
    const t = await createTestApp({ role: 'api', env: NO_CRON });
    try {
      const reminders = t.app.get(RemindersService);
      const queue = t.app.get<Queue>(getQueueToken(QUEUE.reminders));
      const addBulk = jest.spyOn(queue, 'addBulk');
      const first = [randomUUID(), randomUUID()];
      const second = [randomUUID()];
      await Promise.all([reminders.dispatch(first), reminders.dispatch(second)]);
      expect(addBulk).toHaveBeenCalledTimes(1);
      for (const id of [...first, ...second])
        expect((await queue.getJob(id))?.data).toEqual({ reminderId: id });
      const later = randomUUID();
      await reminders.dispatch([later]);
      expect(addBulk).toHaveBeenCalledTimes(2);
      expect((await queue.getJob(later))?.data).toEqual({ reminderId: later });
    } finally {
      await t.close();
    }
  });
});
