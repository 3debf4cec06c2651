import { EventEmitter } from 'node:events';
import { request as httpRequest, type Server } from 'node:http';
import {
  connect,
  createServer as createNetServer,
  type AddressInfo,
  type Server as NetServer,
} from 'node:net';
import { Client } from 'pg';
import { ContextClient, MAX_PREPARED_STATEMENTS } from '../src/common/context-client';
import { requestContext } from '../src/common/request-context';
import { DEFAULT_ADMIN_URL } from '../src/database/scratch-database';
import { createTestApp, type TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

// A statement made slow on purpose: another session holds an exclusive lock on `task`, so every
// statement that reads tasks waits in PostgreSQL (as a long scan would) until the lock goes.
async function lockTasks(url: string): Promise<{ release(): Promise<void> }> {
  const holder = new Client({ connectionString: url });
  holder.on('error', () => undefined);
  await holder.connect();
  await holder.query('BEGIN');
  await holder.query('LOCK TABLE task IN ACCESS EXCLUSIVE MODE');
  return {
    async release() {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
    },
  };
}

/** Backends of this database waiting on a lock: the requests' statements stuck behind `lockTasks`. */
async function waiting(t: TestApp): Promise<number> {
  const [{ n }] = await t.dataSource.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
  );
  return n;
}

/** How long the lock is held: past the read timeout with room for a loaded machine. */
const HOLD_MS = 8000;

describe('statement_timeout per request class', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { DB_READ_TIMEOUT_MS: '2000', DB_EXPORT_TIMEOUT_MS: '60000' } });
  });
  afterAll(() => t.close());

  it('cancels a slow read at the read timeout, while an export as slow runs to the end', async () => {
    const supervisor = await t.login('supervisor');
    const lock = await lockTasks(t.config.databaseUrl);
    const started = Date.now();
    const read = t
      .http()
      .get('/api/v1/tasks')
      .set(supervisor)
      .then((response) => ({ response, ms: Date.now() - started }));
    const exported = t
      .http()
      .get('/api/v1/exports/tasks.xlsx')
      .set(supervisor)
      .buffer(true)
      .then((response) => ({ response, ms: Date.now() - started }));
    // Both wait in PostgreSQL behind the lock (held 8 s); the read is ended at its 2 s, the export waits on.
    const slowRead = await read;
    expect(slowRead.response.status).toBe(503);
    expect(slowRead.response.headers['retry-after']).toBeTruthy();
    expect(slowRead.response.body.message).toMatch(/查询用时过长/);
    expect(slowRead.ms).toBeGreaterThanOrEqual(1900);
    expect(Date.now() - started).toBeLessThan(HOLD_MS);
    // The export's statement is still there.
    await waitFor('the export waiting', async () => (await waiting(t)) > 0, 5000);
    await new Promise((resolve) => setTimeout(resolve, HOLD_MS - (Date.now() - started)));
    await lock.release();
    const slowExport = await exported;
    expect(slowExport.response.status).toBe(200);
    expect(slowExport.ms).toBeGreaterThanOrEqual(HOLD_MS);
    // The pool's connections are back at their class's limit for the next read.
    await t.http().get('/api/v1/tasks').set(supervisor).expect(200);
  });
});

describe('a request whose client disconnects', () => {
  let t: TestApp;
  let server: Server;
  beforeAll(async () => {
    // The read timeout is far away: only the disconnect can end the statement in time.
    t = await createTestApp({ env: { DB_READ_TIMEOUT_MS: '60000' } });
    server = t.app.getHttpServer();
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => t.close());

  it('has its running statement cancelled in PostgreSQL', async () => {
    const supervisor = await t.login('supervisor');
    const lock = await lockTasks(t.config.databaseUrl);
    try {
      const { port } = server.address() as AddressInfo;
      const request = httpRequest({
        host: '127.0.0.1',
        port,
        path: '/api/v1/tasks',
        headers: supervisor as Record<string, string>,
      });
      request.on('error', () => undefined);
      request.end();
      await waitFor('the read waiting', async () => (await waiting(t)) > 0, 5000);
      const aborted = Date.now();
      request.destroy();
      // Gone from PostgreSQL while the lock it waited for is still held.
      await waitFor('the read cancelled', async () => (await waiting(t)) === 0, 3000);
      expect(Date.now() - aborted).toBeLessThan(3000);
      const [{ n }] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM pg_locks WHERE relation = 'task'::regclass AND mode = 'AccessExclusiveLock' AND granted`,
      );
      expect(n).toBe(1);
    } finally {
      await lock.release();
    }
    // The connection went back to the pool in working order.
    await t.http().get('/api/v1/tasks').set(supervisor).expect(200);
  });

  it('rolls back a write whose client left mid-transaction, so no pooled connection stays aborted', async () => {
    const supervisor = await t.login('supervisor');
    const lock = await lockTasks(t.config.databaseUrl);
    try {
      const { port } = server.address() as AddressInfo;
      const body = JSON.stringify({
        title: '断开的新增任务',
        deadline: '2099-06-30',
        leadUnitIds: [t.fixture.units.approval.id],
      });
      const request = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/v1/tasks',
        headers: { ...(supervisor as Record<string, string>), 'Content-Type': 'application/json' },
      });
      request.on('error', () => undefined);
      request.end(body);
      // The transaction has begun and its INSERT waits for the lock; then the client goes.
      await waitFor('the write waiting', async () => (await waiting(t)) > 0, 5000);
      request.destroy();
      await waitFor('the write cancelled', async () => (await waiting(t)) === 0, 3000);
    } finally {
      await lock.release();
    }
    // Every pooled connection answers: none was handed back inside the failed transaction.
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => t.http().get('/api/v1/tasks?pageSize=1').set(supervisor)),
    );
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM task WHERE title = '断开的新增任务'`,
    );
    expect(n).toBe(0);
  });
});

describe('a cancel that reaches PostgreSQL late', () => {
  // Every new connection through this proxy starts forwarding CANCEL_LAG_MS late: the cancel request of an
  // aborted statement arrives after that statement has ended and the connection has started the next one.
  const CANCEL_LAG_MS = 400;
  let proxy: NetServer;
  let client: ContextClient;
  beforeAll(async () => {
    const target = new URL(process.env.TEST_DATABASE_URL ?? DEFAULT_ADMIN_URL);
    proxy = createNetServer((incoming) => {
      incoming.pause();
      setTimeout(() => {
        const outgoing = connect(Number(target.port || 5432), target.hostname, () => {
          incoming.pipe(outgoing).pipe(incoming);
          incoming.resume();
        });
        outgoing.on('error', () => incoming.destroy());
        incoming.on('error', () => outgoing.destroy());
      }, CANCEL_LAG_MS);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    client = new ContextClient({
      host: '127.0.0.1',
      port: (proxy.address() as AddressInfo).port,
      user: decodeURIComponent(target.username) || 'postgres',
      database: target.pathname.slice(1) || 'postgres',
    });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await new Promise((resolve) => proxy.close(resolve));
  });

  it("stops nothing but the aborted request's statement", async () => {
    const timeouts = { read: 60_000, write: 60_000, export: 60_000, import: 60_000, sweep: 60_000 };
    const response = Object.assign(new EventEmitter(), { writableFinished: false });
    let aborted: Promise<unknown> = Promise.resolve();
    requestContext(timeouts)({ method: 'GET', path: '/api/v1/tasks' } as never, response as never, () => {
      aborted = client.query('SELECT pg_sleep(0.05)');
    });
    // The client goes: its cancel is on the way while its statement (or the SET before it) ends on its own;
    // the statement is refused if it had not started.
    response.emit('close');
    await aborted.catch(() => undefined);
    // The next request's statement on the same connection runs while the late cancel lands.
    const started = Date.now();
    const next = await client.query('SELECT pg_sleep(0.6), 1 AS answered');
    expect(next.rows[0].answered).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
  });
});

describe('plans of named statements', () => {
  let client: ContextClient;
  beforeAll(async () => {
    client = new ContextClient({ connectionString: process.env.TEST_DATABASE_URL ?? DEFAULT_ADMIN_URL });
    await client.connect();
  });
  afterAll(() => client.end());

  const plans = async (name: string) =>
    (
      await client.query('SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = $1', [
        name,
      ])
    ).rows[0];

  it('plans a value-dependent statement for its values every time, and leaves every other statement to PostgreSQL', async () => {
    const text = 'SELECT count(*) FROM pg_class WHERE relpages > $1';
    for (let i = 0; i < 8; i++) {
      await client.query({ name: 'by_value', text, values: [i], customPlan: true } as never);
      await client.query({ name: 'settled', text, values: [i] } as never);
    }
    // PostgreSQL settles a statement on its generic plan after five runs; a customPlan one never is.
    expect(await plans('by_value')).toEqual({ generic_plans: '0', custom_plans: '8' });
    expect(Number((await plans('settled')).generic_plans)).toBeGreaterThan(0);
    // Plain statements (and the triggers' PL/pgSQL behind them) run with PostgreSQL's default.
    expect((await client.query('SHOW plan_cache_mode')).rows[0].plan_cache_mode).toBe('auto');
  });

  it('sets plan_cache_mode and statement_timeout again after a rollback to a savepoint or a failed COMMIT undid them', async () => {
    const mode = async (customPlan: boolean) =>
      (
        await client.query({
          name: customPlan ? 'mode_custom' : 'mode_auto',
          text: `SELECT current_setting('plan_cache_mode') AS v`,
          customPlan,
        } as never)
      ).rows[0].v;
    expect(await mode(false)).toBe('auto');
    await client.query('BEGIN');
    await client.query('SAVEPOINT s');
    expect(await mode(true)).toBe('force_custom_plan');
    await client.query('ROLLBACK TO SAVEPOINT s');
    expect(await mode(true)).toBe('force_custom_plan');
    await client.query('COMMIT');
    expect(await mode(false)).toBe('auto');
    // A COMMIT of a failed transaction rolls back the SET made in it.
    const timeouts = { read: 11_001, write: 60_000, export: 60_000, import: 60_000, sweep: 60_000 };
    const inRead = <T>(work: () => Promise<T>) =>
      new Promise<T>((resolve, reject) =>
        requestContext(timeouts)(
          { method: 'GET', path: '/api/v1/tasks' } as never,
          new EventEmitter() as never,
          () => work().then(resolve, reject),
        ),
      );
    const timeout = async () =>
      (await client.query(`SELECT current_setting('statement_timeout') AS v`)).rows[0].v;
    const before = await timeout();
    await client.query('BEGIN');
    await inRead(async () => {
      expect(await timeout()).toBe('11001ms');
      await expect(client.query('SELECT 1 / 0')).rejects.toThrow(/division by zero/);
      await client.query('COMMIT');
      expect(await timeout()).toBe('11001ms');
    });
    expect(await timeout()).toBe(before);
  });

  it('keeps at most MAX_PREPARED_STATEMENTS per connection, dropping the least recently used, in a transaction too', async () => {
    const held = async () =>
      (await client.query(`SELECT name FROM pg_prepared_statements WHERE name LIKE 'shape%'`)).rows.map(
        (row: { name: string }) => row.name,
      );
    const run = async (i: number) =>
      (await client.query({ name: `shape${i}`, text: `SELECT $1::int + ${i} AS n`, values: [1] } as never))
        .rows[0].n;
    for (let i = 0; i < MAX_PREPARED_STATEMENTS; i++) await run(i);
    await run(0); // used again: shape1 is now the least recently used
    await client.query('BEGIN');
    await run(MAX_PREPARED_STATEMENTS);
    await run(MAX_PREPARED_STATEMENTS + 1);
    await client.query('COMMIT');
    const names = await held();
    expect(names).toHaveLength(MAX_PREPARED_STATEMENTS);
    expect(names).toEqual(expect.arrayContaining(['shape0', `shape${MAX_PREPARED_STATEMENTS + 1}`]));
    expect(names).not.toContain('shape1');
    expect(names).not.toContain('shape2');
    // A dropped statement is parsed anew when it comes back, and answers as before.
    expect(await run(1)).toBe(2);
    expect(await held()).toContain('shape1');
    expect(await held()).toHaveLength(MAX_PREPARED_STATEMENTS);
  });
});
