import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../src/app.factory';
import { Clock } from '../src/common/clock';
import { NotificationsService } from '../src/modules/notifications/notifications.service';
import { RemindersService } from '../src/modules/reminders/reminders.service';
import type { Unit } from '../src/modules/units/unit.entity';
import { createTestApp, flushPrefix, type TestApp } from './support/test-app';
import { startSmtpCatcher } from './support/smtp-catcher';
import { waitFor } from './support/wait-for';
import { startGateway, WEBHOOK_TEST_SECRET as SECRET } from './support/webhook-gateway';

const now = new Date('2025-09-29T09:00:00+08:00');
const ROOT = join(__dirname, '../../..');

async function createTask(
  t: TestApp,
  deadline: string,
  units: Unit[],
  title = '投递测试事项',
): Promise<string> {
  const [task] = await t.dataSource.query(
    `INSERT INTO task (code, title, deadline, status, start_date) VALUES ('DB-D-' || nextval('task_code_seq'), $1, $2, 'in_progress', '2025-09-01') RETURNING id`,
    [title, deadline],
  );
  for (const unit of units) {
    await t.dataSource.query(
      `INSERT INTO assignment (task_id, unit_id, role, status, deadline) VALUES ($1, $2, 'lead', 'accepted', $3)`,
      [task.id, unit.id, deadline],
    );
  }
  return task.id;
}

const ledger = (t: TestApp, taskId: string) =>
  t.dataSource.query(
    `SELECT u.username, r.status, r.attempts, r.delivered_channels, r.last_error
       FROM reminder r JOIN app_user u ON u.id = r.recipient_id WHERE r.task_id = $1 ORDER BY u.username`,
    [taskId],
  );

const notificationCount = async (t: TestApp, taskId: string): Promise<Record<string, number>> => {
  const rows: { username: string; n: number }[] = await t.dataSource.query(
    `SELECT u.username, count(*)::int AS n FROM notification n JOIN app_user u ON u.id = n.user_id WHERE n.task_id = $1 GROUP BY 1`,
    [taskId],
  );
  return Object.fromEntries(rows.map((row) => [row.username, row.n]));
};

describe('delivery: a channel fails after the in-app notice went out', () => {
  let t: TestApp;
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  beforeAll(async () => {
    // Fails the first request for each delivery id, accepts the next.
    gateway = await startGateway((call, earlier) => (earlier.some((e) => e.id === call.id) ? 200 : 503));
    t = await createTestApp({
      role: 'all',
      now,
      env: { REMINDER_CRON: 'off', WEBHOOK_URL: gateway.url, WEBHOOK_SECRET: SECRET },
    });
  });
  afterAll(async () => {
    await t.close();
    gateway.close();
  });

  it('retries with backoff, resends only the failed channel, and the recipient sees one notification', async () => {
    const taskId = await createTask(t, '2025-09-30', [t.fixture.units.approval]);
    const result = await t.app.get(RemindersService).sweep();
    expect(result).toMatchObject({ created: 1, enqueued: 1 });
    // First attempt: in-app inserted, webhook 503 → the job fails; the retry (2 s backoff) delivers the webhook only.
    await waitFor('retry', async () => (await ledger(t, taskId))[0]?.status === 'sent');
    expect(await ledger(t, taskId)).toEqual([
      {
        username: 'approval',
        status: 'sent',
        attempts: 2,
        delivered_channels: ['in_app', 'webhook'],
        last_error: null,
      },
    ]);
    expect(await notificationCount(t, taskId)).toEqual({ approval: 1 });
    expect(gateway.calls.map((call) => call.status)).toEqual([503, 200]);
    expect(gateway.calls.every((call) => call.signed)).toBe(true);
    expect(gateway.calls[1]!.body).toMatchObject({
      event: 'reminder.due_soon',
      rule: 'due_soon_1',
      taskId,
      recipient: { username: 'approval' },
    });
  });
});

describe('delivery: failures are recorded and visible', () => {
  let t: TestApp;
  beforeAll(async () => {
    // No worker: the test drives delivery attempts itself. Port 9 (discard) refuses connections.
    t = await createTestApp({
      role: 'api',
      now,
      env: { REMINDER_CRON: 'off', WEBHOOK_URL: 'http://127.0.0.1:9/hook' },
    });
  });
  afterAll(() => t.close());

  it('marks the row failed on the last attempt and lists it for supervisors', async () => {
    const taskId = await createTask(t, '2025-09-30', [t.fixture.units.approval]);
    const service = t.app.get(RemindersService);
    await service.sweep();
    const [{ id }] = await t.dataSource.query(`SELECT id FROM reminder WHERE task_id = $1`, [taskId]);
    await expect(service.deliver(id, { finalAttempt: false })).rejects.toThrow('webhook');
    expect((await ledger(t, taskId))[0]).toMatchObject({
      status: 'pending',
      attempts: 1,
      delivered_channels: ['in_app'],
    });
    await expect(service.deliver(id, { finalAttempt: true })).rejects.toThrow('webhook');
    expect((await ledger(t, taskId))[0]).toMatchObject({
      status: 'failed',
      attempts: 2,
      delivered_channels: ['in_app'],
    });
    expect(await notificationCount(t, taskId)).toEqual({ approval: 1 });

    const supervisor = await t.login('supervisor');
    const failed = await t.http().get('/api/v1/reminders?status=failed').set(supervisor).expect(200);
    expect(failed.body).toMatchObject({ total: 1, totalCapped: false });
    // The ledger's pages stop where its count does (TOTAL_CAP), with a message, not a slow OFFSET.
    const deep = await t.http().get('/api/v1/reminders?page=51&pageSize=200').set(supervisor).expect(400);
    expect(deep.body.message).toContain('页码过大');
    expect(failed.body.items[0]).toMatchObject({
      id,
      status: 'failed',
      attempts: 2,
      deliveredChannels: ['in_app'],
      rule: 'due_soon_1',
    });
    expect(failed.body.items[0].lastError).toContain('webhook');
    // A failed row is not re-enqueued by sweeps; an explicit retry puts it back to pending.
    const retried = await t.http().post(`/api/v1/reminders/${id}/retry`).set(supervisor).expect(200);
    expect(retried.body).toMatchObject({ status: 'pending' });
  });
});

describe('delivery: a retried row whose job had finished', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ role: 'all', now, env: { REMINDER_CRON: 'off' } });
  });
  afterAll(() => t.close());

  it('is sent again, not left pending behind the finished job', async () => {
    const taskId = await createTask(t, '2025-09-30', [t.fixture.units.approval], '收件人变更事项');
    const service = t.app.get(RemindersService);
    // The ledger row points at a recipient that no longer exists: the job completes, the row fails.
    const [row] = await t.dataSource.query(
      `INSERT INTO reminder (assignment_id, task_id, rule, kind, bucket, recipient_id, title, body)
       SELECT a.id, a.task_id, 'due_soon_1', 'due_soon', '2025-09-30', gen_random_uuid(), '即将到期', '请按时办结'
         FROM assignment a WHERE a.task_id = $1 RETURNING id`,
      [taskId],
    );
    await service.requeuePending();
    const status = async () =>
      (await t.dataSource.query('SELECT status FROM reminder WHERE id = $1', [row.id]))[0].status;
    await waitFor('the failed row', async () => (await status()) === 'failed');

    // Someone fixes the recipient and retries from the failed list.
    await t.dataSource.query('UPDATE reminder SET recipient_id = $2 WHERE id = $1', [
      row.id,
      t.fixture.users.approvalClerk.id,
    ]);
    await t
      .http()
      .post(`/api/v1/reminders/${row.id}/retry`)
      .set(await t.login('admin'))
      .expect(200);
    await waitFor('the retried delivery', async () => (await status()) === 'sent');
    expect(await notificationCount(t, taskId)).toEqual({ approval: 1 });
  });
});

describe('delivery: two attempts on one row at once', () => {
  let t: TestApp;
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  beforeAll(async () => {
    // A slow gateway, so the attempts overlap.
    gateway = await startGateway(() => ({ status: 200, afterMs: 300 }));
    t = await createTestApp({ role: 'api', now, env: { REMINDER_CRON: 'off', WEBHOOK_URL: gateway.url } });
  });
  afterAll(async () => {
    await t.close();
    gateway.close();
  });

  it('sends once: the second attempt finds the row claimed and backs off', async () => {
    const taskId = await createTask(t, '2025-09-30', [t.fixture.units.approval], '并发投递事项');
    const service = t.app.get(RemindersService);
    await service.sweep();
    const [{ id }] = await t.dataSource.query('SELECT id FROM reminder WHERE task_id = $1', [taskId]);
    const outcomes = await Promise.all([
      service.deliver(id, { finalAttempt: false }),
      service.deliver(id, { finalAttempt: false }),
    ]);
    expect(outcomes.sort()).toEqual(['busy', 'sent']);
    expect(gateway.calls.map((call) => call.id)).toEqual([id]);
    // Once the first has finished, a later attempt sees the row sent.
    expect(await service.deliver(id, { finalAttempt: false })).toBe('skipped');
    expect(await ledger(t, taskId)).toEqual([
      {
        username: 'approval',
        status: 'sent',
        attempts: 1,
        delivered_channels: ['in_app', 'webhook'],
        last_error: null,
      },
    ]);
  });
});

describe('recovery: Redis loses every queued job', () => {
  let t: TestApp;
  const workers: NestExpressApplication[] = [];
  const startWorker = async () => {
    const worker = await createApp({ ...t.config, role: 'worker' });
    await worker.init();
    worker.get(Clock).set(now);
    workers.push(worker);
    return worker;
  };
  beforeAll(async () => {
    // The API instance has no worker; workers come and go on the same database and Redis prefix.
    t = await createTestApp({ role: 'api', now, env: { REMINDER_CRON: 'off' } });
  });
  afterAll(async () => {
    for (const worker of workers) await worker.close().catch(() => undefined);
    await t.close();
  });

  it('recreates what was pending on the next sweep and sends nothing already sent', async () => {
    const { approval, market } = t.fixture.units;
    const service = t.app.get(RemindersService);
    const first = await startWorker();
    const sentTask = await createTask(t, '2025-09-30', [approval], '已送达事项');
    await service.sweep();
    await waitFor('first delivery', async () => (await ledger(t, sentTask))[0]?.status === 'sent');
    await first.close();

    // No worker running: these wait in Redis.
    const pendingTask = await createTask(t, '2025-09-30', [market], '待送达事项');
    const queued = await service.sweep();
    expect(queued).toMatchObject({ created: 2, enqueued: 2 });
    expect((await ledger(t, pendingTask)).map((row: { status: string }) => row.status)).toEqual([
      'pending',
      'pending',
    ]);

    await flushPrefix(t.config.redis.url, t.config.redis.prefix);

    const recovery = await service.sweep();
    expect(recovery).toMatchObject({ created: 0, enqueued: 0, recovered: 2 });
    // A worker that died right after the in-app insert, before recording it on the ledger row.
    const [crashed] = await t.dataSource.query(
      `SELECT r.id, r.recipient_id, r.kind, r.task_id, r.assignment_id, r.title, r.body FROM reminder r
         JOIN app_user u ON u.id = r.recipient_id WHERE r.task_id = $1 AND u.username = 'market'`,
      [pendingTask],
    );
    expect(
      await t.app.get(NotificationsService).store({
        reminderId: crashed.id,
        userId: crashed.recipient_id,
        kind: crashed.kind,
        taskId: crashed.task_id,
        assignmentId: crashed.assignment_id,
        title: crashed.title,
        body: crashed.body,
        payload: null,
      }),
    ).toBe(true);
    await startWorker();
    await waitFor('recovered delivery', async () =>
      (await ledger(t, pendingTask)).every((row: { status: string }) => row.status === 'sent'),
    );

    expect(await notificationCount(t, pendingTask)).toEqual({ market: 1, market_head: 1 });
    expect(await notificationCount(t, sentTask)).toEqual({ approval: 1 });
    expect((await ledger(t, sentTask))[0]).toMatchObject({ status: 'sent', attempts: 1 });

    // And once more for good measure: another flush and sweep resend nothing.
    await flushPrefix(t.config.redis.url, t.config.redis.prefix);
    expect(await service.sweep()).toMatchObject({ created: 0, recovered: 0 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await notificationCount(t, pendingTask)).toEqual({ market: 1, market_head: 1 });
  });
});

describe('delivery: email over SMTP', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;
  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    t = await createTestApp({
      role: 'all',
      now,
      env: { REMINDER_CRON: 'off', SMTP_URL: smtp.url, SMTP_FROM: '督办系统 <duban@example.gov.cn>' },
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('mails each recipient who has an address once, alongside the in-app notice, and records both channels', async () => {
    await t.dataSource.query(`UPDATE app_user SET email = 'market@example.gov.cn' WHERE username = 'market'`);
    const taskId = await createTask(t, '2025-09-30', [t.fixture.units.market], '市场准入清单动态调整');
    await t.app.get(RemindersService).sweep();
    await waitFor('delivery', async () => {
      const rows = await ledger(t, taskId);
      return rows.length === 2 && rows.every((row: { status: string }) => row.status === 'sent');
    });
    // A second sweep finds nothing new, so nothing is mailed twice.
    expect(await t.app.get(RemindersService).sweep()).toMatchObject({ created: 0 });

    const rows = await ledger(t, taskId);
    // The row lists the channels that delivered in name order.
    expect(
      rows.map((row: { username: string; delivered_channels: string[] }) => [
        row.username,
        row.delivered_channels,
      ]),
    ).toEqual([
      ['market', ['email', 'in_app']],
      ['market_head', ['in_app']],
    ]);
    expect(smtp.mails).toHaveLength(1);
    const [mail] = smtp.mails;
    expect(mail).toMatchObject({ from: 'duban@example.gov.cn', to: ['market@example.gov.cn'] });
    expect(mail!.data).toMatch(/^X-Duban-Reminder: [0-9a-f-]{36}$/m);
    // Subject and body are UTF-8 encoded words / quoted-printable: decode what a mail client shows.
    const subject = mail!.data.match(/^Subject: (.+(?:\r\n .+)*)/m)![1]!.replace(/\r\n /g, ' ');
    const decoded = subject.replace(/=\?UTF-8\?B\?([^?]+)\?=\s?/gi, (_, b64: string) =>
      Buffer.from(b64, 'base64').toString('utf8'),
    );
    expect(decoded).toContain('【督办】');
    expect(decoded).toContain('市场准入清单动态调整');
  });
});

describe('delivery: a worker process killed in the middle of a delivery', () => {
  let t: TestApp;
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;
  let child: ChildProcess | null = null;
  let recovery: NestExpressApplication | null = null;
  beforeAll(async () => {
    // Never answers its first request (the worker hangs there and is killed), accepts the rest.
    gateway = await startGateway((_call, earlier) => (earlier.length ? 200 : 'hang'));
    smtp = await startSmtpCatcher();
    t = await createTestApp({
      role: 'api',
      now,
      env: { REMINDER_CRON: 'off', WEBHOOK_URL: gateway.url, SMTP_URL: smtp.url },
    });
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await recovery?.close();
    await t.close();
    gateway.close();
    await smtp.close();
  });

  it('leaves the job to another worker, which sends only what had not gone out', async () => {
    await t.dataSource.query(
      `UPDATE app_user SET email = 'approval@example.gov.cn' WHERE username = 'approval'`,
    );
    const taskId = await createTask(t, '2025-09-30', [t.fixture.units.approval], '进程中断投递事项');
    await t.app.get(RemindersService).sweep();

    // A real worker process: it writes the in-app notice, sends the email, then hangs on the webhook
    // and is killed there.
    child = spawn(
      process.execPath,
      ['-r', join(ROOT, 'scripts/lib/register-ts.cjs'), join(ROOT, 'apps/api/src/main.ts')],
      {
        env: {
          ...process.env,
          NODE_ENV: 'test',
          APP_ROLE: 'worker',
          DATABASE_URL: t.config.databaseUrl,
          REDIS_URL: t.config.redis.url,
          REDIS_PREFIX: t.config.redis.prefix,
          REMINDER_CRON: 'off',
          WEBHOOK_URL: gateway.url,
          SMTP_URL: smtp.url,
          JWT_SECRET: 'test-secret-test-secret',
          LOG_LEVEL: 'silent',
        },
        stdio: 'ignore',
      },
    );
    await waitFor('the webhook call of the doomed worker', async () => gateway.calls.length === 1, 60_000);
    expect(await notificationCount(t, taskId)).toEqual({ approval: 1 });
    expect(smtp.mails).toHaveLength(1);
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    // Each channel was recorded as it delivered, before the next one could hang.
    expect(await ledger(t, taskId)).toEqual([
      {
        username: 'approval',
        status: 'pending',
        attempts: 0,
        delivered_channels: ['in_app', 'email'],
        last_error: null,
      },
    ]);

    // Another worker finds the job stalled once the dead worker's lock expires (BullMQ's 30 s) and retries it.
    // Its stalled checks run 30 s apart, so that takes 30–60 s alone; npm test runs the unit suites beside
    // this one on the same cores, which once stretched it past 90 s.
    recovery = await createApp({ ...t.config, role: 'worker' });
    await recovery.init();
    await waitFor(
      'the retried delivery',
      async () => (await ledger(t, taskId))[0]?.status === 'sent',
      150_000,
    );

    expect(await ledger(t, taskId)).toEqual([
      {
        username: 'approval',
        status: 'sent',
        attempts: 1,
        delivered_channels: ['email', 'in_app', 'webhook'],
        last_error: null,
      },
    ]);
    // One notification, one email; the gateway saw the same delivery id twice (the first call never
    // answered) and can drop the repeat.
    expect(await notificationCount(t, taskId)).toEqual({ approval: 1 });
    expect(smtp.mails).toHaveLength(1);
    expect(gateway.calls).toHaveLength(2);
    expect(new Set(gateway.calls.map((call) => call.id)).size).toBe(1);
  }, 300_000);
});
