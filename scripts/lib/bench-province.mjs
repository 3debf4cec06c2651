// A synthetic province for the operations benchmarks (bench:sweep, bench:report): one government,
// UNITS departments with a clerk and a head each, tasks with ten assignments in mixed states, and
// optionally the audit history a province accumulates (about four audit rows per assignment).
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';

const require = createRequire(import.meta.url);
require('./register-ts.cjs');
require('reflect-metadata');
const {
  DEFAULT_ADMIN_URL,
  createDatabase,
  dropDatabase,
} = require('../../apps/api/src/database/scratch-database.ts');
const IORedis = require('ioredis');

export const PER_TASK = 10;
/** The benchmarks' "now": a Monday. */
export const NOW = new Date('2025-09-29T09:00:00+08:00');

export function parseArgs(argv = process.argv.slice(2)) {
  return Object.fromEntries(
    argv.map((arg) => {
      const [key, value] = arg.replace(/^--/, '').split('=');
      return [key, value ?? 'true'];
    }),
  );
}

export const ms = (start) => `${(performance.now() - start).toFixed(0)} ms`;

/** Deletes every Redis key under the prefix. */
export async function flushPrefix(prefix) {
  const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}

/** A scratch database and Redis prefix; `drop()` removes both. */
export async function scratch(kind) {
  const adminUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_ADMIN_URL;
  const name = `duban_bench_${Date.now().toString(36)}`;
  const prefix = `duban_bench_${kind}_${randomBytes(4).toString('hex')}`;
  const url = await createDatabase(adminUrl, name);
  console.log(`scratch database ${name}, Redis prefix ${prefix}`);
  return {
    name,
    url,
    prefix,
    async drop() {
      await dropDatabase(adminUrl, name);
      await flushPrefix(prefix);
      console.log('dropped the scratch database and the Redis prefix');
    },
  };
}

/**
 * Deadlines from 30 days before NOW to 120 days after (about a fifth overdue); `stress`: 45 days
 * either side (half overdue). `auditPerAssignment` adds that many audit rows per assignment, spread
 * over the two years before NOW (the ledger a province has after a few years).
 */
export async function seedProvince(
  dataSource,
  { assignments = 100_000, units = 2000, stress = false, auditPerAssignment = 0 } = {},
) {
  const started = performance.now();
  const tasks = Math.ceil(assignments / PER_TASK);
  const [past, span] = stress ? [45, 91] : [30, 151];
  await dataSource.query(`
    WITH root AS (
      INSERT INTO unit (name, kind, region, path) VALUES ('基准市人民政府', 'government', '基准市', '') RETURNING id
    )
    UPDATE unit SET path = unit.id::text FROM root WHERE unit.id = root.id`);
  await dataSource.query(
    `INSERT INTO unit (name, parent_id, kind, region, path)
     SELECT '基准单位' || g, (SELECT id FROM unit WHERE parent_id IS NULL), 'department', '基准市', ''
       FROM generate_series(1, $1) g`,
    [units],
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
     SELECT 'BENCH-' || g, '基准督办事项第' || g || '项：持续优化营商环境', date '2025-09-29' + ((g % ${span}) - ${past}), 'in_progress',
            '2025-06-01', g % 10 = 0, CASE WHEN g % 10 = 0 THEN 'monthly' END
       FROM generate_series(1, $1) g`,
    [tasks],
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
    [units, assignments],
  );
  if (auditPerAssignment > 0) {
    await dataSource.query(
      `INSERT INTO audit_entry (at, actor_id, actor_name, action, entity_type, entity_id, before, after)
       SELECT timestamptz '2025-09-29 09:00+08' - (random() * interval '730 days'), u.id, '承办人',
              (ARRAY['assignment.accept', 'assignment.report', 'report.submit', 'assignment.extension_request'])[k],
              'assignment', a.id::text, jsonb_build_object('status', 'pending'),
              jsonb_build_object('status', 'accepted', 'progress', k * 20, 'content', '按计划推进，已完成阶段性工作。')
         FROM assignment a
         JOIN app_user u ON u.unit_id = a.unit_id AND NOT u.is_unit_head
        CROSS JOIN generate_series(1, $1) k`,
      [auditPerAssignment],
    );
  }
  // Settle the bulk load first, so autovacuum and the checkpoint it triggers do not land in the timed runs.
  await dataSource.query('VACUUM ANALYZE');
  await dataSource
    .query('CHECKPOINT')
    .catch(() => console.log('(CHECKPOINT needs a superuser; timings may include one)'));
  const [{ n, audit }] = await dataSource.query(
    `SELECT (SELECT count(*)::int FROM assignment) AS n, (SELECT count(*)::int FROM audit_entry) AS audit`,
  );
  console.log(
    `seeded ${n} assignments, ${tasks} tasks, ${units} units, ${units * 2 + 5} users, ${audit} audit rows in ${ms(started)}`,
  );
}
