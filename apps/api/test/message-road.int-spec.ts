import { NotificationsService } from '../src/modules/notifications/notifications.service';
import { RemindersService } from '../src/modules/reminders/reminders.service';
import { publishSample, type PublishedSample } from './support/published';
import { SAMPLE_POLICY_TEXT } from './support/sample-document';
import { startSmtpCatcher } from './support/smtp-catcher';
import { createTestApp, type TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';
import { startGateway } from './support/webhook-gateway';

describe('one road: every message is a ledger row delivered on every channel', () => {
  let t: TestApp;
  let s: PublishedSample;
  let receiver: Awaited<ReturnType<typeof startGateway>>;
  let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;
  const as = (username: string) => t.login(username);
  const post = async (username: string, path: string, body: object, status = 200) =>
    (
      await t
        .http()
        .post(`/api/v1${path}`)
        .set(await as(username))
        .send(body)
        .expect(status)
    ).body;
  /** Ledger rows of a kind, with their recipient, once every one of them is delivered. */
  const delivered = (kind: string, where = 'TRUE', params: unknown[] = []) =>
    waitFor(`${kind} delivered`, async () => {
      const rows = await t.dataSource.query(
        `SELECT r.id, u.username, r.title, r.body, r.task_id, r.payload, r.status, r.delivered_channels
           FROM reminder r JOIN app_user u ON u.id = r.recipient_id
          WHERE r.kind = $1 AND ${where} ORDER BY u.username, r.created_at`,
        [kind, ...params],
      );
      return rows.length && rows.every((row: { status: string }) => row.status === 'sent') && rows;
    });

  beforeAll(async () => {
    receiver = await startGateway(() => 200);
    smtp = await startSmtpCatcher();
    t = await createTestApp({
      role: 'all',
      now: new Date('2023-03-10T02:00:00Z'),
      env: { REMINDER_CRON: 'off', WEBHOOK_URL: receiver.url, SMTP_URL: smtp.url },
    });
    await t.dataSource.query(
      `UPDATE app_user SET email = 'approval@example.gov.cn' WHERE username = 'approval'`,
    );
    s = await publishSample(t);
  });
  afterAll(async () => {
    await t.close();
    receiver.close();
    await smtp.close();
  });

  it('tells each unit of its new assignments once per publish, each line linking to its task', async () => {
    const rows = await delivered('assignment', 'u.username IN ($2, $3)', ['approval', 'market']);
    // 审批局 leads measure 1 and is responsible for 2; 市场监管局 is on 1 and leads 3.
    expect(rows.map((row: { username: string; title: string }) => [row.username, row.title])).toEqual([
      ['approval', '新交办任务 2 项'],
      ['market', '新交办任务 2 项'],
    ]);
    expect(rows[0].payload.lines.map((line: { taskId: string }) => line.taskId)).toEqual([
      s.taskIds[0],
      s.taskIds[1],
    ]);
    const inbox = await t
      .http()
      .get('/api/v1/notifications')
      .set(await as('approval'))
      .expect(200);
    expect(inbox.body.items[0]).toMatchObject({ kind: 'assignment', payload: rows[0].payload });
  });

  it('tells supervisors of arrivals and the unit of the review result, in-app, by email and by webhook, naming the task', async () => {
    const assignment = await s.assignment(0, t.fixture.units.approval.id);
    await post('approval', `/assignments/${assignment.id}/accept`, {});
    const report = await post(
      'approval',
      `/assignments/${assignment.id}/reports`,
      { content: '已完成方案起草', progress: 40 },
      201,
    );
    const [arrival] = await delivered('submission');
    // The nearest jurisdiction over 审批局 is the city: its supervisor, not the other city's.
    expect(arrival).toMatchObject({ username: 'supervisor', task_id: s.taskIds[0] });
    expect(arrival.title).toContain('进展报告');

    await post('supervisor', `/reports/${report.id}/review`, { decision: 'reject', comment: '请补充数据' });
    const [result] = await delivered('review_result');
    const [{ title: taskTitle }] = await t.dataSource.query('SELECT title FROM task WHERE id = $1', [
      s.taskIds[0],
    ]);
    expect(result).toMatchObject({
      username: 'approval',
      task_id: s.taskIds[0],
      delivered_channels: ['email', 'in_app', 'webhook'],
    });
    expect(result.title).toContain(taskTitle);
    expect(result.body).toContain('请补充数据');
    // The webhook carries the ledger id as its idempotency key, the mail too.
    const hook = receiver.calls.find((call) => call.id === result.id)!;
    expect(hook.headers['idempotency-key']).toBe(result.id);
    expect(hook.body).toMatchObject({
      event: 'reminder.review_result',
      kind: 'review_result',
      taskId: s.taskIds[0],
    });
    expect(smtp.mails.some((mail) => mail.data.includes(`Idempotency-Key: ${result.id}`))).toBe(true);
    const inApp = await t.dataSource.query('SELECT title FROM notification WHERE reminder_id = $1', [
      result.id,
    ]);
    expect(inApp).toEqual([{ title: result.title }]);
  });

  it('gives supervisors a 待办 inbox scoped to their jurisdiction, decided from its items', async () => {
    const assignment = await s.assignment(1, t.fixture.units.approval.id);
    await post('approval', `/assignments/${assignment.id}/accept`, {});
    await post(
      'approval',
      `/assignments/${assignment.id}/reports`,
      { content: '资金已下达', progress: 60 },
      201,
    );
    await post(
      'approval',
      `/assignments/${assignment.id}/extension-requests`,
      { requestedDeadline: '2024-03-31', reason: '需协调多部门' },
      201,
    );
    const counts = await t
      .http()
      .get('/api/v1/inbox/counts')
      .set(await as('supervisor'))
      .expect(200);
    expect(counts.body).toEqual({ reports: 1, extensions: 1, completions: 0, overdue: 0, toDecide: 2 });
    const other = await t
      .http()
      .get('/api/v1/inbox/counts')
      .set(await as('other_supervisor'))
      .expect(200);
    expect(other.body).toEqual({ reports: 0, extensions: 0, completions: 0, overdue: 0, toDecide: 0 });
    await t
      .http()
      .get('/api/v1/inbox?kind=nope')
      .set(await as('supervisor'))
      .expect(400);

    const reports = await t
      .http()
      .get('/api/v1/inbox?kind=reports')
      .set(await as('supervisor'))
      .expect(200);
    expect(reports.body).toMatchObject({
      total: 1,
      items: [{ taskId: s.taskIds[1], unitName: '测试市行政审批局', progress: 60 }],
    });
    await post('supervisor', `/reports/${reports.body.items[0].id}/review`, { decision: 'approve' });
    const extensions = await t
      .http()
      .get('/api/v1/inbox?kind=extensions')
      .set(await as('supervisor'))
      .expect(200);
    expect(extensions.body.items[0]).toMatchObject({ requestedDeadline: '2024-03-31', text: '需协调多部门' });
    await post('supervisor', `/extension-requests/${extensions.body.items[0].id}/decide`, {
      decision: 'approve',
    });
    const after = await t
      .http()
      .get('/api/v1/inbox/counts')
      .set(await as('supervisor'))
      .expect(200);
    expect(after.body).toMatchObject({ reports: 0, extensions: 0, toDecide: 0 });

    // Overdue items to urge appear once deadlines pass (measure 1: 2023-06-30).
    t.clock.set(new Date('2023-07-03T02:00:00Z'));
    const overdue = await t
      .http()
      .get('/api/v1/inbox?kind=overdue&pageSize=50')
      .set(await as('supervisor'))
      .expect(200);
    expect(overdue.body.total).toBeGreaterThan(0);
    expect(overdue.body.items.every((item: { deadline: string }) => item.deadline < '2023-07-03')).toBe(true);
    t.clock.set(new Date('2023-03-10T02:00:00Z'));
  });

  it('a way back: cancel a task, withdraw a document, delete a draft — each told to the units and audited', async () => {
    const created = await post(
      'supervisor',
      '/tasks',
      { title: '临时交办事项', deadline: '2023-12-31', leadUnitIds: [t.fixture.units.approval.id] },
      201,
    );
    await t
      .http()
      .post(`/api/v1/tasks/${created.id}/cancel`)
      .set(await as('supervisor'))
      .send({ reason: 'x' })
      .expect(400);
    const cancelled = await post('supervisor', `/tasks/${created.id}/cancel`, { reason: '工作调整' });
    expect(cancelled.status).toBe('cancelled');
    await t
      .http()
      .post(`/api/v1/tasks/${created.id}/cancel`)
      .set(await as('supervisor'))
      .send({ reason: '再次撤销' })
      .expect(409);
    const told = await delivered('cancellation', 'r.task_id = $2', [created.id]);
    expect(told[0].body).toContain('工作调整');
    // The new ad hoc task was announced to its unit too.
    expect(await delivered('assignment', 'r.task_id = $2', [created.id])).toHaveLength(1);

    const result = await post('supervisor', `/documents/${s.documentId}/withdraw`, { reason: '文件已废止' });
    expect(result).toEqual({ documentId: s.documentId, tasksCancelled: 3 });
    const statuses = await t.dataSource.query('SELECT DISTINCT status FROM task WHERE document_id = $1', [
      s.documentId,
    ]);
    expect(statuses).toEqual([{ status: 'cancelled' }]);
    const audit = await t.dataSource.query(
      `SELECT action, count(*)::int AS n FROM audit_entry WHERE action IN ('document.withdraw', 'task.cancel') GROUP BY 1 ORDER BY 1`,
    );
    expect(audit).toEqual([
      { action: 'document.withdraw', n: 1 },
      { action: 'task.cancel', n: 4 },
    ]);
    const withdrawn = await delivered('cancellation', "r.body LIKE '%撤销理由：文件已废止%'");
    // One message per unit (approval, market and its head), however many of its tasks the document held.
    expect(withdrawn.map((row: { username: string }) => row.username)).toEqual([
      'approval',
      'market',
      'market_head',
    ]);
    await post('supervisor', `/documents/${s.documentId}/withdraw`, { reason: '文件已废止' }, 409);

    const draft = await post('supervisor', '/documents/import', { text: SAMPLE_POLICY_TEXT }, 201);
    const draftId = draft.documents[0].id;
    await t
      .http()
      .delete(`/api/v1/documents/${s.documentId}`)
      .set(await as('supervisor'))
      .expect(409);
    await t
      .http()
      .delete(`/api/v1/documents/${draftId}`)
      .set(await as('other_supervisor'))
      .expect(404);
    await t
      .http()
      .delete(`/api/v1/documents/${draftId}`)
      .set(await as('supervisor'))
      .expect(204);
    expect(
      await t.dataSource.query('SELECT count(*)::int AS n FROM measure WHERE document_id = $1', [draftId]),
    ).toEqual([{ n: 0 }]);
  });

  it('asks before publishing deadlines already past; keep_late tasks may ask for more time; the first sweep sends one digest', async () => {
    t.clock.set(new Date('2026-03-10T02:00:00Z'));
    const { documents } = await post('supervisor', '/documents/import', { text: SAMPLE_POLICY_TEXT }, 201);
    const id = documents[0].id;
    const asked = await post('supervisor', `/documents/${id}/publish`, { createMissingUnits: true }, 409);
    expect(asked).toMatchObject({
      code: 'PAST_DEADLINES',
      details: { pastDeadlines: 2, earliest: '2023-06-30', today: '2026-03-10' },
    });
    expect(
      await t.dataSource.query('SELECT count(*)::int AS n FROM task WHERE document_id = $1', [id]),
    ).toEqual([{ n: 0 }]);
    await post(
      'supervisor',
      `/documents/${id}/publish`,
      { createMissingUnits: true, pastDeadlines: 'reschedule' },
      400,
    );
    await post(
      'supervisor',
      `/documents/${id}/publish`,
      { createMissingUnits: true, pastDeadlines: 'reschedule', newDeadline: '2026-01-01' },
      400,
    );
    await post('supervisor', `/documents/${id}/publish`, {
      createMissingUnits: true,
      pastDeadlines: 'keep_late',
    });
    const tasks = await t.dataSource.query(
      `SELECT to_char(deadline, 'YYYY-MM-DD') AS deadline, late_from_start FROM task WHERE document_id = $1 ORDER BY code`,
      [id],
    );
    expect(tasks).toEqual([
      { deadline: '2023-06-30', late_from_start: true },
      { deadline: '2023-12-31', late_from_start: true },
      { deadline: null, late_from_start: false },
    ]);
    const [late] = await t.dataSource.query(
      `SELECT a.id FROM assignment a JOIN task t ON t.id = a.task_id WHERE t.document_id = $1 AND a.unit_id = $2 AND t.deadline = '2023-06-30'`,
      [id, t.fixture.units.approval.id],
    );
    await post(
      'approval',
      `/assignments/${late.id}/extension-requests`,
      { requestedDeadline: '2026-06-30', reason: '原时限已过，申请顺延' },
      201,
    );

    // Every overdue assignment escalates to the city's supervisor at once: one digest, lines linking tasks.
    await t.app.get(RemindersService).sweep();
    const rows = await t.dataSource.query(
      `SELECT r.rule, r.status, r.payload FROM reminder r JOIN app_user u ON u.id = r.recipient_id
        WHERE u.username = 'supervisor' AND r.kind IN ('escalation', 'overdue', 'digest')`,
    );
    const digests = rows.filter((row: { rule: string }) => row.rule === 'digest');
    expect(digests).toHaveLength(1);
    // Nothing escalated or overdue goes out alone.
    expect(
      rows.filter(
        (row: { rule: string; status: string }) => row.rule !== 'digest' && row.status !== 'digested',
      ),
    ).toEqual([]);
    expect(digests[0].payload.lines.length).toBeGreaterThanOrEqual(5);
    expect(
      digests[0].payload.lines.every((line: { taskId: string }) => /^[0-9a-f-]{36}$/.test(line.taskId)),
    ).toBe(true);

    // Rescheduled: the past deadlines move to the new date.
    const next = (await post('supervisor', '/documents/import', { text: SAMPLE_POLICY_TEXT }, 201))
      .documents[0].id;
    // A second copy of the same notice, on purpose.
    await post('supervisor', `/documents/${next}/publish`, {
      createMissingUnits: true,
      confirmDuplicate: true,
      pastDeadlines: 'reschedule',
      newDeadline: '2026-06-30',
    });
    const moved = await t.dataSource.query(
      `SELECT DISTINCT to_char(deadline, 'YYYY-MM-DD') AS deadline, late_from_start FROM task WHERE document_id = $1 AND deadline IS NOT NULL`,
      [next],
    );
    expect(moved).toEqual([{ deadline: '2026-06-30', late_from_start: false }]);
  });

  it('keeps a row’s state with what was delivered when its job is abandoned', async () => {
    const reminders = t.app.get(RemindersService);
    const message = {
      kind: 'review_result',
      to: 'unit',
      unitId: t.fixture.units.approval.id,
      taskId: null,
      assignmentId: null,
      title: '崩溃前已送达',
      body: '正文',
    } as const;
    // Not dispatched: the test plays a worker killed after sending on every channel, before recording the last.
    const [id] = await t.dataSource.transaction((manager) => reminders.record(manager, [message]));
    await t.dataSource.query(`UPDATE reminder SET delivered_channels = '{email,webhook}' WHERE id = $1`, [
      id,
    ]);
    const [row] = await t.dataSource.query('SELECT recipient_id FROM reminder WHERE id = $1', [id]);
    await t.app
      .get(NotificationsService)
      .store({ ...message, reminderId: id, userId: row.recipient_id, payload: null });
    await reminders.deliveryAbandoned(id, 'job stalled more than allowable limit');
    const state = async (rowId: string) =>
      (
        await t.dataSource.query(
          'SELECT status, delivered_channels, last_error FROM reminder WHERE id = $1',
          [rowId],
        )
      )[0];
    expect(await state(id)).toEqual({
      status: 'sent',
      delivered_channels: ['email', 'in_app', 'webhook'],
      last_error: null,
    });

    // One that really did not get through stays failed, with what did go out kept.
    const [other] = await t.dataSource.transaction((manager) =>
      reminders.record(manager, [{ ...message, title: '未送达' }]),
    );
    await t.dataSource.query(`UPDATE reminder SET delivered_channels = '{webhook}' WHERE id = $1`, [other]);
    await reminders.deliveryAbandoned(other, 'job stalled more than allowable limit');
    expect(await state(other)).toMatchObject({ status: 'failed', delivered_channels: ['webhook'] });
  });
});
