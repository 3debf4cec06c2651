import { RemindersService } from '../src/modules/reminders/reminders.service';
import { createTestApp, type TestApp } from './support/test-app';

describe('notifications: the caller’s inbox', () => {
  let t: TestApp;
  /** Records messages through the ledger and delivers them (no worker: the test is the worker). */
  const send = async (messages: Parameters<RemindersService['record']>[1]) => {
    const reminders = t.app.get(RemindersService);
    const ids = await t.dataSource.transaction((manager) => reminders.record(manager, messages));
    for (const id of ids) await reminders.deliver(id, { finalAttempt: true });
  };
  beforeAll(async () => {
    t = await createTestApp({
      role: 'api',
      now: new Date('2025-09-29T09:00:00+08:00'),
      env: { REMINDER_CRON: 'off' },
    });
    const { market, approval } = t.fixture.units;
    const reviewed = { kind: 'review_result', to: 'unit', taskId: null, assignmentId: null } as const;
    await send([
      { ...reviewed, unitId: market.id, title: '进展报告已审核通过', body: '测试市市场监督管理局：同意' },
      { ...reviewed, unitId: approval.id, title: '进展报告已审核通过', body: '测试市行政审批局：同意' },
    ]);
    // Inactive users get nothing.
    await t.dataSource.query(`UPDATE app_user SET active = false WHERE username = 'market_head'`);
    await send([{ ...reviewed, kind: 'cancellation', unitId: market.id, title: '第二条', body: '正文' }]);
  });
  afterAll(() => t.close());

  it('stores the message the ledger hands over, for the active users of the units, in the caller’s transaction', async () => {
    const rows = await t.dataSource.query(
      `SELECT u.username, n.title, n.reminder_id IS NOT NULL AS from_ledger
         FROM notification n JOIN app_user u ON u.id = n.user_id ORDER BY u.username, n.title`,
    );
    expect(rows).toEqual([
      { username: 'approval', title: '进展报告已审核通过', from_ledger: true },
      { username: 'market', title: '第二条', from_ledger: true },
      { username: 'market', title: '进展报告已审核通过', from_ledger: true },
      { username: 'market_head', title: '进展报告已审核通过', from_ledger: true },
    ]);
    // Rolled back with the transaction: no ledger row, nothing to deliver.
    await t.dataSource
      .transaction(async (manager) => {
        await t.app.get(RemindersService).record(manager, [
          {
            kind: 'review_result',
            to: 'unit',
            unitId: t.fixture.units.approval.id,
            taskId: null,
            assignmentId: null,
            title: '不应出现',
            body: '',
          },
        ]);
        throw new Error('rollback');
      })
      .catch(() => undefined);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM reminder WHERE title = '不应出现'`,
    );
    expect(n).toBe(0);
  });

  it('lists only the caller’s own, newest first, with unread filter and count', async () => {
    const market = await t.login('market');
    const all = await t.http().get('/api/v1/notifications').set(market).expect(200);
    expect(all.body).toMatchObject({ total: 2, page: 1, pageSize: 20, unreadCount: 2 });
    expect(all.body.items[0]).toEqual({
      id: expect.any(String),
      kind: expect.any(String),
      taskId: null,
      assignmentId: null,
      title: expect.any(String),
      body: expect.any(String),
      payload: null,
      createdAt: '2025-09-29T01:00:00.000Z',
      readAt: null,
    });
    const paged = await t.http().get('/api/v1/notifications?page=2&pageSize=1').set(market).expect(200);
    expect(paged.body).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(paged.body.items).toHaveLength(1);
    await t.http().get('/api/v1/notifications?pageSize=500').set(market).expect(400);
    await t.http().get('/api/v1/notifications?unread=maybe').set(market).expect(400);
    await t.http().get('/api/v1/notifications').expect(401);
  });

  it('marks read for the owner only; another user’s id is a 404', async () => {
    const market = await t.login('market');
    const approval = await t.login('approval');
    const [first] = (await t.http().get('/api/v1/notifications').set(market).expect(200)).body.items;
    await t.http().post(`/api/v1/notifications/${first.id}/read`).set(approval).expect(404);
    await t.http().post(`/api/v1/notifications/not-a-uuid/read`).set(market).expect(400);
    const read = await t.http().post(`/api/v1/notifications/${first.id}/read`).set(market).expect(200);
    expect(read.body).toMatchObject({ id: first.id, readAt: '2025-09-29T01:00:00.000Z' });
    // Idempotent.
    await t.http().post(`/api/v1/notifications/${first.id}/read`).set(market).expect(200);
    const unread = await t.http().get('/api/v1/notifications?unread=true').set(market).expect(200);
    expect(unread.body).toMatchObject({ total: 1, unreadCount: 1 });
    expect(unread.body.items[0].id).not.toBe(first.id);
    const readOnly = await t.http().get('/api/v1/notifications?unread=false').set(market).expect(200);
    expect(readOnly.body.items.map((n: { id: string }) => n.id)).toEqual([first.id]);
    // The other user's notification is untouched.
    const approvalInbox = await t.http().get('/api/v1/notifications?unread=true').set(approval).expect(200);
    expect(approvalInbox.body.total).toBe(1);
  });

  it('marks everything read', async () => {
    const approval = await t.login('approval');
    const done = await t.http().post('/api/v1/notifications/read-all').set(approval).expect(200);
    expect(done.body).toEqual({ updated: 1 });
    expect(
      (await t.http().get('/api/v1/notifications?unread=true').set(approval).expect(200)).body.total,
    ).toBe(0);
  });
});
