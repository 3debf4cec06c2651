import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { QUEUE } from '../src/queue/queues';
import { cloneDatabase, createTestApp, type TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

describe('scale-out: a read replica', () => {
  let t: TestApp;
  let replica: { url: string; drop: () => Promise<void> };
  beforeAll(async () => {
    // A second database standing in for a streaming standby: same schema, its own rows.
    replica = await cloneDatabase();
    const client = new Client({ connectionString: replica.url });
    await client.connect();
    await client.query(
      `INSERT INTO audit_entry (action, entity_type, entity_id) VALUES ('task.comment', 'task', 'only-on-the-replica')`,
    );
    await client.end();
    t = await createTestApp({ env: { DATABASE_REPLICA_URLS: replica.url } });
  });
  afterAll(async () => {
    await t.close();
    await replica.drop();
  });

  it('serves the audit trail from the replica and writes to the primary', async () => {
    const admin = await t.login('admin');
    const trail = await t.http().get('/api/v1/audit?pageSize=100').set(admin).expect(200);
    const ids = trail.body.items.map((e: { entityId: string }) => e.entityId);
    expect(ids).toContain('only-on-the-replica');
    // Login and the check behind it ran on the primary, which knows nothing of the replica's row.
    const onPrimary = await t.dataSource.query(
      `SELECT entity_id FROM audit_entry WHERE entity_id = 'only-on-the-replica'`,
    );
    expect(onPrimary).toEqual([]);
  });
});

describe('scale-out: Redis Sentinel', () => {
  let dir: string;
  const children: ChildProcess[] = [];
  let redisPort: number;
  let t: TestApp;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'duban-sentinel-'));
    redisPort = await freePort();
    const sentinelPort = await freePort();
    children.push(
      spawn(
        'redis-server',
        ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        {
          stdio: 'ignore',
        },
      ),
    );
    writeFileSync(
      join(dir, 'sentinel.conf'),
      `port ${sentinelPort}\nbind 127.0.0.1\nsentinel monitor duban-test 127.0.0.1 ${redisPort} 1\n`,
    );
    children.push(spawn('redis-server', [join(dir, 'sentinel.conf'), '--sentinel'], { stdio: 'ignore' }));
    // A fresh client per try: one that failed its first connect keeps reconnecting and refuses connect().
    await waitFor('the sentinel', async () => {
      const probe = new IORedis(sentinelPort, '127.0.0.1', {
        lazyConnect: true,
        maxRetriesPerRequest: 1,
        retryStrategy: () => null,
        // disconnect() after a refused connect arms a timer (2 s by default) that no close event clears;
        // it kept the test process alive after the run.
        disconnectTimeout: 0,
      });
      try {
        await probe.connect();
        return Boolean(await probe.call('SENTINEL', 'get-master-addr-by-name', 'duban-test'));
      } catch {
        return false;
      } finally {
        probe.disconnect();
      }
    });
    t = await createTestApp({
      env: { REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`, REDIS_SENTINEL_NAME: 'duban-test' },
    });
  });
  afterAll(async () => {
    await t?.close().catch(() => undefined);
    // Waits for both servers to go: a child still shutting down kept Jest's process alive after the run.
    await Promise.all(
      children
        .filter((child) => child.exitCode === null && child.signalCode === null)
        .map((child) => {
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          return exited;
        }),
    );
    rmSync(dir, { recursive: true, force: true });
  });

  it('queues on the master the sentinels name', async () => {
    const health = await t.http().get('/api/health').expect(200);
    expect(health.body).toMatchObject({ db: 'up', redis: 'up' });
    const queue = t.app.get<Queue>(getQueueToken(QUEUE.reminders));
    await queue.add('deliver', { reminderId: 'sentinel-probe' }, { delay: 60_000, jobId: 'sentinel-probe' });
    const master = new IORedis(redisPort, '127.0.0.1', { maxRetriesPerRequest: 1 });
    const keys = await master.keys(`${t.config.redis.prefix}:reminders:*`);
    master.disconnect();
    expect(keys).toContain(`${t.config.redis.prefix}:reminders:sentinel-probe`);
  });
});
