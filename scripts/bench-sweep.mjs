#!/usr/bin/env node
// `npm run bench:sweep`: the reminder sweep over 100,000 assignments on a scratch database.
// Prints the sweep time, ledger rows created and delivery throughput; drops everything it made.
// Options: --assignments=100000 --units=2000 --deliver-seconds=20 --workers=1 --no-digest --stress --keep
// (the default reminder rules apply; --no-digest raises the digest threshold so nearly every ledger
// row becomes its own delivery job: the worst case for the queue).
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';

const require = createRequire(import.meta.url);
require('./lib/register-ts.cjs');
require('reflect-metadata');
const { createDataSource } = require('../apps/api/src/database/data-source.ts');
const {
  DEFAULT_ADMIN_URL,
  createDatabase,
  dropDatabase,
} = require('../apps/api/src/database/scratch-database.ts');
const { loadConfig } = require('../apps/api/src/config/env.schema.ts');
const { createApp } = require('../apps/api/src/app.factory.ts');
const { Clock } = require('../apps/api/src/common/clock.ts');
const { RemindersService } = require('../apps/api/src/modules/reminders/reminders.service.ts');
const IORedis = require('ioredis');

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=');
    return [key, value ?? 'true'];
  }),
);
const ASSIGNMENTS = Number(args.assignments ?? 100_000);
const UNITS = Number(args.units ?? 2000);
const PER_TASK = 10;
const TASKS = Math.ceil(ASSIGNMENTS / PER_TASK);
const DELIVER_SECONDS = Number(args['deliver-seconds'] ?? 20);
const WORKERS = Number(args.workers ?? 1);
const NOW = new Date('2025-09-29T09:00:00+08:00'); // a Monday
// Deadlines from 30 days ago to 120 days ahead (about a fifth overdue); --stress: 45 days either side (half overdue).
const [PAST, SPAN] = args.stress ? [45, 91] : [30, 151];

const adminUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_ADMIN_URL;
const name = `duban_bench_${Date.now().toString(36)}`;
const prefix = `duban_bench_${randomBytes(4).toString('hex')}`;
const ms = (start) => `${(performance.now() - start).toFixed(0)} ms`;
const apps = [];
let keep = false;

async function seed(dataSource) {
  const started = performance.now();
  await dataSource.query(`
    WITH root AS (
      INSERT INTO unit (name, kind, region, path) VALUES ('基准市人民政府', 'government', '基准市', '') RETURNING id
    )
    UPDATE unit SET path = unit.id::text FROM root WHERE unit.id = root.id`);
  await dataSource.query(
    `INSERT INTO unit (name, parent_id, kind, region, path)
     SELECT '基准单位' || g, (SELECT id FROM unit WHERE parent_id IS NULL), 'department', '基准市', ''
       FROM generate_series(1, $1) g`,
    [UNITS],
  );
  await dataSource.query(
    `UPDATE unit u SET path = p.path || '/' || u.id FROM unit p WHERE u.parent_id = p.id`,
  );
  // Two users per unit (a clerk and the head), and a few supervisors at the top.
  await dataSource.query(`
    INSERT INTO app_user (username, display_name, password_hash, unit_id, roles, is_unit_head)
    SELECT 'u' || row_number() OVER () || '_' || k, '承办人', 'x', u.id, '{unit}', k = 2
      FROM unit u CROSS JOIN generate_series(1, 2) k WHERE u.parent_id IS NOT NULL`);
  await dataSource.query(`
    INSERT INTO app_user (username, display_name, password_hash, unit_id, roles)
    SELECT 'supervisor' || g, '督查室', 'x', (SELECT id FROM unit WHERE parent_id IS NULL), '{supervisor}' FROM generate_series(1, 5) g`);
  await dataSource.query(
    `INSERT INTO task (code, title, deadline, status, start_date, ongoing, report_cycle)
     SELECT 'BENCH-' || g, '基准督办事项第' || g || '项：持续优化营商环境', date '2025-09-29' + ((g % ${SPAN}) - ${PAST}), 'in_progress',
            '2025-06-01', g % 10 = 0, CASE WHEN g % 10 = 0 THEN 'monthly' END
       FROM generate_series(1, $1) g`,
    [TASKS],
  );
  // Ten distinct units per task: 131·k mod UNITS differs for k = 1..10.
  await dataSource.query(
    `INSERT INTO assignment (task_id, unit_id, role, status, deadline)
     SELECT t.id, u.id, CASE WHEN k = 1 THEN 'lead' ELSE 'responsible' END,
            CASE WHEN (t.rn + k) % 13 = 0 THEN 'completed' WHEN (t.rn + k) % 3 = 0 THEN 'pending' ELSE 'accepted' END, t.deadline
       FROM (SELECT id, deadline, row_number() OVER (ORDER BY code) AS rn FROM task) t
       CROSS JOIN generate_series(1, ${PER_TASK}) k
       JOIN (SELECT id, row_number() OVER (ORDER BY name) - 1 AS rn FROM unit WHERE parent_id IS NOT NULL) u
         ON u.rn = (t.rn * 7 + k * 131) % $1
      LIMIT $2`,
    [UNITS, ASSIGNMENTS],
  );
  // Settle the bulk load first, so autovacuum and the checkpoint it triggers do not land in the timed sweep.
  await dataSource.query('VACUUM ANALYZE');
  await dataSource
    .query('CHECKPOINT')
    .catch(() => console.log('(CHECKPOINT needs a superuser; timings may include one)'));
  const [{ assignments }] = await dataSource.query(`SELECT count(*)::int AS assignments FROM assignment`);
  console.log(
    `seeded ${assignments} assignments, ${TASKS} tasks, ${UNITS} units, ${UNITS * 2 + 5} users in ${ms(started)}`,
  );
}

async function main() {
  console.log(`scratch database ${name}, Redis prefix ${prefix}`);
  const url = await createDatabase(adminUrl, name);
  const dataSource = await createDataSource(url).initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    await seed(dataSource);
    if (args.keep) {
      console.log(`--keep: leaving ${url} seeded and unswept (drop it with dropdb ${name})`);
      keep = true;
      return;
    }
    if (args['no-digest']) {
      // Digests (nearly) off: every ledger row becomes its own delivery job (the heaviest case).
      await dataSource.query(
        `INSERT INTO app_setting (key, value) VALUES ('reminder_rules', '{"digestThreshold": 100}')`,
      );
    }
    const config = loadConfig({
      ...process.env,
      NODE_ENV: 'test',
      APP_ROLE: 'api',
      DATABASE_URL: url,
      REDIS_PREFIX: prefix,
      REMINDER_CRON: 'off',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
      JWT_SECRET: 'bench-secret-bench-secret',
    });
    const api = await createApp(config);
    apps.push(api);
    await api.init();
    api.get(Clock).set(NOW);
    const reminders = api.get(RemindersService);

    const first = await reminders.sweep();
    console.log(
      `first sweep:  ${first.durationMs} ms total (${first.sqlMs} ms SQL, ${first.durationMs - first.sqlMs} ms enqueue) — ` +
        `${first.considered} open assignments, ${first.created} ledger rows ${JSON.stringify(first.byKind)}, ${first.enqueued} jobs`,
    );
    const second = await reminders.sweep();
    console.log(
      `second sweep: ${second.durationMs} ms total (${second.sqlMs} ms SQL) — ${second.created} rows created, ${second.recovered} pending rows re-enqueued (jobs Redis had lost)`,
    );

    const started = performance.now();
    for (let i = 0; i < WORKERS; i++) {
      const worker = await createApp({ ...config, role: 'worker' });
      apps.push(worker);
      await worker.init();
      worker.get(Clock).set(NOW);
    }
    const sent = async () =>
      (await dataSource.query(`SELECT count(*)::int AS n FROM reminder WHERE status = 'sent'`))[0].n;
    let delivered = 0;
    while ((performance.now() - started) / 1000 < DELIVER_SECONDS) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      delivered = await sent();
      if (delivered >= first.enqueued) break;
    }
    const seconds = (performance.now() - started) / 1000;
    const [{ notifications }] = await dataSource.query(
      `SELECT count(*)::int AS notifications FROM notification`,
    );
    console.log(
      `delivery:     ${delivered} of ${first.enqueued} sent in ${seconds.toFixed(1)} s with ${WORKERS} worker(s) × 16 concurrency ` +
        `= ${(delivered / seconds).toFixed(0)} deliveries/s (in-app only; ${notifications} notifications)`,
    );
    const third = await reminders.sweep();
    console.log(
      `third sweep:  ${third.durationMs} ms total (${third.sqlMs} ms SQL) after delivery — ${third.created} rows created`,
    );
  } finally {
    for (const app of apps.reverse()) await app.close().catch(() => undefined);
    await dataSource.destroy();
    if (!keep) await dropScratch();
  }
}

async function dropScratch() {
  await dropDatabase(adminUrl, name);
  const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
  console.log('dropped the scratch database and the Redis prefix');
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
