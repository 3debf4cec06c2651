#!/usr/bin/env node
// `npm run bench:sweep`: the reminder sweep over 100,000 assignments on a scratch database.
// Prints the sweep time, ledger rows created and delivery throughput; drops everything it made.
// Options: --assignments=100000 --units=2000 --deliver-seconds=20 --workers=1 --no-digest --stress --keep
// --database=NAME sweeps an existing database instead (e.g. a copy of the 1M province from seed:load; its
// pending migrations are applied, nothing is dropped) as of --today=YYYY-MM-DD 09:00 Shanghai, then the
// next working day (a day's first run after yesterday's sweep).
// (the default reminder rules apply; --no-digest raises the digest threshold so nearly every ledger
// row becomes its own delivery job: the worst case for the queue).
// --statements prints each sweep's statements slower than 50 ms with their time; --explain also prints
// EXPLAIN (ANALYZE, BUFFERS) of the statements that stage and write the ledger (they still run once).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { flushPrefix, NOW, parseArgs, scratch, seedProvince } from './lib/bench-province.mjs';

const require = createRequire(import.meta.url);
const { createDataSource } = require('../apps/api/src/data-source.ts');
const { loadConfig } = require('../apps/api/src/config/env.schema.ts');
const { createApp } = require('../apps/api/src/app.factory.ts');
const { Clock } = require('../apps/api/src/common/clock.ts');
const { RemindersService } = require('../apps/api/src/modules/reminders/reminders.service.ts');
const { CalendarService } = require('../apps/api/src/modules/calendar/calendar.service.ts');
const { shanghaiDate } = require('../libs/contracts/src/index.ts');
const { EntityManager } = require('typeorm');

const args = parseArgs();
const DELIVER_SECONDS = Number(args['deliver-seconds'] ?? 20);
const WORKERS = Number(args.workers ?? 1);
const apps = [];
let keep = false;

/** Times every statement the app runs (and explains the staging and ledger writes), per sweep. */
const statements = [];
if (args.statements || args.explain) {
  const query = EntityManager.prototype.query;
  const staging = /^\s*(WITH [\s\S]*)?INSERT INTO sweep_(fired|candidate|new)\b/;
  EntityManager.prototype.query = async function timed(sql, parameters) {
    const started = performance.now();
    if (args.explain && staging.test(sql)) {
      const plan = await query.call(this, `EXPLAIN (ANALYZE, BUFFERS) ${sql}`, parameters);
      statements.push({ sql, ms: performance.now() - started, plan: plan.map((row) => row['QUERY PLAN']) });
      return [];
    }
    try {
      return await query.call(this, sql, parameters);
    } finally {
      statements.push({ sql, ms: performance.now() - started });
    }
  };
}

/** utime + stime (in 1/100 s) of every backend connected to the database (PostgreSQL on this host). */
async function backendTicks(dataSource, database) {
  const rows = await dataSource.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [database]);
  const ticks = new Map();
  for (const { pid } of rows) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      // Not on this host, or the backend has gone.
    }
  }
  return ticks;
}

function printStatements() {
  for (const { sql, ms, plan } of statements.splice(0)) {
    if (ms < 50 && !plan) continue;
    console.log(`    ${ms.toFixed(0).padStart(7)} ms  ${sql.replace(/\s+/g, ' ').trim().slice(0, 110)}`);
    if (plan) console.log(plan.map((line) => `      ${line}`).join('\n'));
  }
}

function existing(name) {
  const prefix = `duban_bench_sweep_${randomBytes(4).toString('hex')}`;
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    prefix,
    // The database stays (it is the caller's copy); the delivery jobs this run queued go.
    drop: () => flushPrefix(prefix),
  };
}

async function main() {
  const db = args.database ? existing(args.database) : await scratch('sweep');
  const { url, prefix } = db;
  const dataSource = await createDataSource(url).initialize();
  const now = args.today ? new Date(`${args.today}T09:00:00+08:00`) : NOW;
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (args.database) {
      console.log(
        `${args.database}: ${applied.length} migrations applied; sweeping as of ${now.toISOString()}`,
      );
      const [{ load }] = await dataSource.query(
        `SELECT pg_size_pretty(pg_database_size(current_database())) AS load`,
      );
      console.log(
        `database size ${load}, load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
      );
    } else {
      await seedProvince(dataSource, {
        assignments: Number(args.assignments ?? 100_000),
        units: Number(args.units ?? 2000),
        stress: Boolean(args.stress),
        auditPerAssignment: Number(args.audit ?? 0),
      });
    }
    if (args.keep) {
      console.log(`--keep: leaving ${url} seeded and unswept (drop it with dropdb ${db.name})`);
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
    api.get(Clock).set(now);
    const reminders = api.get(RemindersService);
    // CPU seconds of this database's backends during the sweep: on a shared machine, a figure the
    // other tenants' load does not stretch as it stretches wall time.
    const sweep = async () => {
      const before = await backendTicks(dataSource, db.name);
      const report = await reminders.sweep();
      const after = await backendTicks(dataSource, db.name);
      let ticks = 0;
      for (const [pid, value] of after) ticks += value - (before.get(pid) ?? 0);
      return { ...report, cpu: (ticks / 100).toFixed(1) };
    };

    const first = await sweep();
    console.log(
      `first sweep:  ${first.durationMs} ms total (${first.sqlMs} ms SQL, ${first.durationMs - first.sqlMs} ms enqueue; ${first.cpu} s PostgreSQL CPU) — ` +
        `${first.considered} open assignments, ${first.created} ledger rows ${JSON.stringify(first.byKind)}, ${first.enqueued} jobs`,
    );
    printStatements();
    const second = await sweep();
    console.log(
      `second sweep: ${second.durationMs} ms total (${second.sqlMs} ms SQL, ${second.cpu} s PostgreSQL CPU) — ${second.created} rows created, ${second.recovered} pending rows re-enqueued (jobs Redis had lost)`,
    );
    printStatements();
    if (args.database) {
      // The next working day's first sweep: what production runs every morning.
      const clock = api.get(Clock);
      const calendar = await api.get(CalendarService).calendar();
      const next = calendar.addWorkingDays(shanghaiDate(now), 1);
      clock.set(new Date(`${next}T09:00:00+08:00`));
      const third = await sweep();
      console.log(
        `next day ${next}: ${third.durationMs} ms total (${third.sqlMs} ms SQL, ${third.cpu} s PostgreSQL CPU) — ${third.considered} assignments examined, ${third.created} rows ${JSON.stringify(third.byKind)}`,
      );
      printStatements();
      const fourth = await sweep();
      console.log(
        `  and again: ${fourth.durationMs} ms total (${fourth.sqlMs} ms SQL, ${fourth.cpu} s PostgreSQL CPU) — ${fourth.created} rows created`,
      );
      printStatements();
      console.log(
        `load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
      );
      return;
    }

    const started = performance.now();
    for (let i = 0; i < WORKERS; i++) {
      const worker = await createApp({ ...config, role: 'worker' });
      apps.push(worker);
      await worker.init();
      worker.get(Clock).set(now);
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
    const third = await sweep();
    console.log(
      `third sweep:  ${third.durationMs} ms total (${third.sqlMs} ms SQL, ${third.cpu} s PostgreSQL CPU) after delivery — ${third.created} rows created`,
    );
    printStatements();
  } finally {
    for (const app of apps.reverse()) await app.close().catch(() => undefined);
    await dataSource.destroy();
    if (!keep) await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
