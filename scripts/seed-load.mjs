#!/usr/bin/env node
// `npm run seed:load -- --assignments 1000000`: a realistic province for benchmarks. One province
// government and its departments, 16 cities and 96 counties with theirs (about 2,200 units), two users per
// unit plus supervisors and leaders, documents and their measures, tasks with 1–7 assignments in mixed
// states and deadlines, progress reports, extension requests, audit and reminder ledger rows.
// Every value derives from --seed and --today (default: today in Shanghai) through md5, so the same
// arguments give the same database; rows are generated set-wise inside PostgreSQL (INSERT … SELECT
// over generate_series, the server-side equivalent of COPY) with secondary indexes dropped during the load
// and rebuilt after.
//
// Target: --database NAME (default duban_bench) on TEST_DATABASE_URL's server, created when missing; or
// --url postgres://… (DATABASE_URL style) of an existing empty database. A database is replaced (--replace)
// only when this script created it. Migrations run first.
// Logins (password --password, default Bench@2026): bench_admin (admin), bench_supervisor (province
// supervisor, whole jurisdiction), bench_city (city supervisor of 示范一市), bench_leader (province leader),
// bench_clerk (a clerk of one city department).
import { createRequire } from 'node:module';
import pg from 'pg';

const require = createRequire(import.meta.url);
require('./lib/register-ts.cjs');
require('reflect-metadata');
const { createDataSource } = require('../apps/api/src/data-source.ts');
const {
  DEFAULT_ADMIN_URL,
  adminQuery,
  withDatabase,
} = require('../apps/api/src/database/scratch-database.ts');
const { hashPassword } = require('../apps/api/src/modules/users/password.ts');

const MARKER = 'duban seed:load';
const BIG_TABLES = [
  'task',
  'assignment',
  'measure',
  'policy_document',
  'progress_report',
  'extension_request',
  'audit_entry',
  'reminder',
  'app_user',
];

export function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    const [key, inline] = argv[i].replace(/^--/, '').split('=');
    const next = argv[i + 1];
    if (inline !== undefined) args[key] = inline;
    else if (next !== undefined && !next.startsWith('--')) args[key] = argv[++i];
    else args[key] = 'true';
  }
  return args;
}

const shanghaiToday = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 10);

async function target(args) {
  if (args.url) return { url: args.url, created: false };
  const adminUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_ADMIN_URL;
  const name = args.database ?? 'duban_bench';
  if (!/^[a-z_][a-z0-9_]*$/.test(name))
    throw new Error(`--database ${name}: use lower-case letters, digits, _`);
  const [existing] = await adminQuery(
    adminUrl,
    `SELECT shobj_description(oid, 'pg_database') AS note FROM pg_database WHERE datname = '${name}'`,
  );
  if (existing) {
    if (existing.note !== MARKER) throw new Error(`database ${name} exists and was not made by seed:load`);
    if (!args.replace) throw new Error(`database ${name} already loaded; pass --replace to load it again`);
    await adminQuery(adminUrl, `DROP DATABASE "${name}" WITH (FORCE)`);
  }
  await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
  await adminQuery(adminUrl, `COMMENT ON DATABASE "${name}" IS '${MARKER}'`);
  return { url: withDatabase(adminUrl, name), created: true };
}

/** The generation, statement by statement; $2::date stands for today, $3::int for the assignments wanted. */
function statements() {
  return [
    // r(key): a deterministic number in [0, 1) per key and seed; id(key): a deterministic (version 4 shaped) uuid.
    `CREATE FUNCTION pg_temp.r(key text) RETURNS float8 LANGUAGE sql IMMUTABLE AS
       $$ SELECT ('x' || substr(md5(current_setting('seed.value') || ':' || key), 1, 8))::bit(32)::bigint / 4294967296.0 $$`,
    `CREATE FUNCTION pg_temp.id(key text) RETURNS uuid LANGUAGE sql IMMUTABLE AS
       $$ SELECT overlay(overlay(md5(current_setting('seed.value') || '#' || key) PLACING '4' FROM 13) PLACING 'a' FROM 17)::uuid $$`,
    // Regions: 0 the province, 1..16 cities, 17..112 counties (six per city).
    `CREATE TEMP TABLE region AS
       SELECT 0 AS no, NULL::int AS parent, '示范省' AS name, 40 AS departments
       UNION ALL SELECT c, 0, '示范' || (ARRAY['一','二','三','四','五','六','七','八','九','十','十一','十二','十三','十四','十五','十六'])[c] || '市', 40
         FROM generate_series(1, 16) c
       UNION ALL SELECT 16 + (c - 1) * 6 + k, c, '示范' || (ARRAY['一','二','三','四','五','六','七','八','九','十','十一','十二','十三','十四','十五','十六'])[c] || '市第' || k || '县', 15
         FROM generate_series(1, 16) c CROSS JOIN generate_series(1, 6) k`,
    `INSERT INTO unit (id, name, kind, region, path, parent_id)
       SELECT pg_temp.id('gov' || r.no), r.name || '人民政府', 'government', r.name, '', CASE WHEN r.parent IS NOT NULL THEN pg_temp.id('gov' || r.parent) END
         FROM region r`,
    `INSERT INTO unit (id, name, kind, region, path, parent_id)
       SELECT pg_temp.id('dept' || r.no || '.' || d), r.name || '第' || d || '部门', 'department', r.name, '', pg_temp.id('gov' || r.no)
         FROM region r CROSS JOIN LATERAL generate_series(1, r.departments) d`,
    `WITH RECURSIVE tree AS (
       SELECT id, id::text AS path FROM unit WHERE parent_id IS NULL
       UNION ALL SELECT u.id, tree.path || '/' || u.id FROM unit u JOIN tree ON u.parent_id = tree.id
     ) UPDATE unit SET path = tree.path FROM tree WHERE unit.id = tree.id`,
    // The units a region's tasks go to: its departments and the governments right below it.
    `CREATE TEMP TABLE pool AS
       SELECT region_no, (row_number() OVER (PARTITION BY region_no ORDER BY unit_id::text) - 1)::int AS idx, unit_id FROM (
         SELECT r.no AS region_no, pg_temp.id('dept' || r.no || '.' || d) AS unit_id FROM region r CROSS JOIN LATERAL generate_series(1, r.departments) d
         UNION ALL SELECT r.parent, pg_temp.id('gov' || r.no) FROM region r WHERE r.parent IS NOT NULL) p`,
    `CREATE TEMP TABLE pool_size AS SELECT region_no, count(*)::int AS m FROM pool GROUP BY region_no`,
    `CREATE UNIQUE INDEX ON pool (region_no, idx)`,
    // Users: a clerk and a head per unit, a supervisor and a leader per government.
    `INSERT INTO app_user (username, display_name, password_hash, unit_id, roles, is_unit_head)
       SELECT 'u' || substr(u.id::text, 1, 8) || '_' || k, CASE k WHEN 1 THEN '经办人' ELSE '负责人' END || substr(u.id::text, 1, 4),
              current_setting('seed.hash'), u.id, '{unit}', k = 2
         FROM unit u CROSS JOIN generate_series(1, 2) k`,
    `INSERT INTO app_user (username, display_name, password_hash, unit_id, roles)
       SELECT CASE WHEN k = 1 THEN 'sup' ELSE 'lead' END || '_' || r.no, r.name || CASE WHEN k = 1 THEN '督查室' ELSE '领导' END,
              current_setting('seed.hash'), pg_temp.id('gov' || r.no), CASE WHEN k = 1 THEN '{supervisor}' ELSE '{leader}' END::text[]
         FROM region r CROSS JOIN generate_series(1, 2) k WHERE r.no <= 16`,
    `INSERT INTO app_user (username, display_name, password_hash, unit_id, roles) VALUES
       ('bench_admin', '基准管理员', current_setting('seed.hash'), NULL, '{admin}'),
       ('bench_supervisor', '省督查室', current_setting('seed.hash'), pg_temp.id('gov0'), '{supervisor}'),
       ('bench_city', '示范一市督查室', current_setting('seed.hash'), pg_temp.id('gov1'), '{supervisor}'),
       ('bench_leader', '省领导', current_setting('seed.hash'), pg_temp.id('gov0'), '{leader}'),
       ('bench_clerk', '示范一市第1部门经办人', current_setting('seed.hash'), pg_temp.id('dept1.1'), '{unit}')`,
    // Tasks: 1–7 assignments each (4 on average), about forty per document, 15 % ad hoc.
    `CREATE TEMP TABLE task_plan AS
       SELECT g, n, sum(n) OVER (ORDER BY g) AS upto FROM (
         SELECT g, 1 + floor(pg_temp.r('n' || g) * 7)::int AS n FROM generate_series(1, ceil($3::int / 3.5)::int) g) s`,
    `DELETE FROM task_plan WHERE upto - n >= $3::int`,
    `CREATE TEMP TABLE doc_plan AS
       SELECT d, CASE WHEN x < 0.2 THEN 0 WHEN x < 0.6 THEN 1 + floor((x - 0.2) / 0.4 * 16)::int ELSE 17 + floor((x - 0.6) / 0.4 * 96)::int END AS region_no,
              $2::date - (30 + floor(pg_temp.r('issued' || d) * 1000)::int) AS issued_on
         FROM (SELECT d, pg_temp.r('region' || d) AS x FROM generate_series(1, (SELECT max(g) / 40 + 1 FROM task_plan)) d) s`,
    `INSERT INTO policy_document (id, title, issuer, doc_number, issued_on, region, status, source_text, published_at, owner_unit_id)
       SELECT pg_temp.id('doc' || d), r.name || '关于推进重点工作的实施方案（第' || d || '号）', r.name || '人民政府办公室',
              r.name || '政办〔' || extract(year FROM issued_on) || '〕' || d || '号', issued_on, r.name, 'published',
              '（基准数据）', issued_on + 7, pg_temp.id('gov' || r.no)
         FROM doc_plan JOIN region r ON r.no = doc_plan.region_no`,
    `CREATE TEMP TABLE task_gen AS
       SELECT p.g, p.n, p.upto - p.n AS first, adhoc, doc.d, doc.region_no AS region_no, start_date,
              CASE WHEN ongoing THEN NULL ELSE start_date + 30 + floor(pg_temp.r('span' || p.g) * 400)::int END AS deadline, ongoing
         FROM task_plan p
         CROSS JOIN LATERAL (SELECT pg_temp.r('adhoc' || p.g) < 0.15 AS adhoc, pg_temp.r('ongoing' || p.g) < 0.08 AS ongoing) f
         JOIN doc_plan doc ON doc.d = p.g / 40 + 1
         CROSS JOIN LATERAL (SELECT doc.issued_on + 7 AS start_date) s`,
    `ALTER TABLE task_gen ADD status text, ADD completed_on date`,
    `UPDATE task_gen SET status = CASE
         WHEN pg_temp.r('cancel' || g) < 0.03 THEN 'cancelled'
         WHEN deadline IS NULL THEN CASE WHEN pg_temp.r('done' || g) < 0.3 THEN 'completed' ELSE 'in_progress' END
         WHEN deadline < $2::date - 60 THEN CASE WHEN pg_temp.r('done' || g) < 0.88 THEN 'completed' ELSE 'in_progress' END
         WHEN deadline < $2::date THEN CASE WHEN pg_temp.r('done' || g) < 0.5 THEN 'completed' ELSE 'in_progress' END
         ELSE CASE WHEN pg_temp.r('done' || g) < 0.15 THEN 'completed' ELSE 'in_progress' END END`,
    `UPDATE task_gen SET completed_on = LEAST($2::date - 1, GREATEST(start_date + 1,
         COALESCE(deadline, $2::date) + floor(pg_temp.r('late' || g) * 50)::int - 40)) WHERE status = 'completed'`,
    `INSERT INTO measure (id, document_id, seq, number, path, title, body, lead_units, responsible_units, deadline_text, deadline, ongoing)
       SELECT pg_temp.id('measure' || g), pg_temp.id('doc' || d), g, (g % 40 + 1)::text, '{}', '重点任务第' || g || '项', '（基准数据）',
              '{}', '{}', to_char(deadline, 'YYYY年FMMM月底前'), deadline, ongoing
         FROM task_gen WHERE NOT adhoc`,
    `INSERT INTO task (id, code, title, document_id, measure_id, deadline, ongoing, report_cycle, status, start_date, completed_at, created_at)
       SELECT pg_temp.id('task' || g), 'DB-' || extract(year FROM start_date) || '-' || lpad(g::text, 7, '0'),
              (ARRAY['持续优化营商环境','推进数字政府建设','加强安全生产监管','提升政务服务效能','推动重点项目建设','强化生态环境保护'])[1 + g % 6] || '第' || g || '项',
              CASE WHEN NOT adhoc THEN pg_temp.id('doc' || d) END, CASE WHEN NOT adhoc THEN pg_temp.id('measure' || g) END,
              deadline, ongoing, CASE WHEN ongoing THEN 'monthly' END, status, start_date,
              (completed_on + time '17:00') AT TIME ZONE 'Asia/Shanghai', (start_date + time '09:00') AT TIME ZONE 'Asia/Shanghai'
         FROM task_gen`,
    `SELECT setval('task_code_seq', (SELECT count(*) FROM task_gen))`,
    // Assignments: the j-th of a task's n units, the lead first; a live task keeps its lead open.
    `CREATE TEMP TABLE assignment_gen AS
       SELECT t.g, j, t.first + j AS i, t.status AS task_status, t.deadline, t.start_date, t.completed_on,
              p.unit_id, pg_temp.r('a' || t.g || '.' || j) AS x, pg_temp.r('ext' || t.g || '.' || j) AS ext
         FROM task_gen t CROSS JOIN LATERAL generate_series(0, t.n - 1) j
         JOIN pool_size s ON s.region_no = t.region_no
         JOIN pool p ON p.region_no = t.region_no AND p.idx = (floor(pg_temp.r('start' || t.g) * s.m)::int + j * 7) % s.m
        WHERE t.first + j < $3::int`,
    `ALTER TABLE assignment_gen ADD status text, ADD extended boolean`,
    `UPDATE assignment_gen SET extended = deadline IS NOT NULL AND ext < 0.06,
       status = CASE
         WHEN task_status = 'completed' THEN 'completed'
         WHEN task_status = 'cancelled' THEN CASE WHEN x < 0.3 THEN 'pending' ELSE 'accepted' END
         WHEN x < 0.15 THEN 'pending' WHEN x < 0.70 THEN 'accepted' WHEN x < 0.78 THEN 'completion_requested'
         WHEN j = 0 THEN 'accepted' WHEN x < 0.96 THEN 'completed' ELSE 'returned' END`,
    `INSERT INTO assignment (id, task_id, unit_id, role, status, deadline, progress, extension_count, accepted_at, completed_at,
                             last_report_at, return_reason, completion_summary, created_at)
       SELECT pg_temp.id('as' || i), pg_temp.id('task' || g), unit_id, CASE WHEN j = 0 THEN 'lead' ELSE 'responsible' END, status,
              deadline + CASE WHEN extended THEN 30 ELSE 0 END,
              CASE status WHEN 'completed' THEN 100 WHEN 'completion_requested' THEN 100 WHEN 'pending' THEN 0 WHEN 'returned' THEN 0
                ELSE floor(pg_temp.r('pr' || i) * 95)::int END,
              extended::int,
              CASE WHEN status NOT IN ('pending', 'returned') THEN (start_date + 2 + time '10:00') AT TIME ZONE 'Asia/Shanghai' END,
              CASE WHEN status = 'completed' THEN (COALESCE(completed_on, $2::date - 1) + time '16:00') AT TIME ZONE 'Asia/Shanghai' END,
              CASE WHEN status IN ('accepted', 'completion_requested', 'completed') THEN (LEAST($2::date - 1, start_date + 20) + time '11:00') AT TIME ZONE 'Asia/Shanghai' END,
              CASE WHEN status = 'returned' THEN '非本单位职责' END,
              CASE WHEN status IN ('completion_requested', 'completed') THEN '已按要求完成' END,
              (start_date + time '09:00') AT TIME ZONE 'Asia/Shanghai'
         FROM assignment_gen`,
    // One or two progress reports for every assignment that has worked on its task.
    `INSERT INTO progress_report (assignment_id, content, progress, status, created_at, reviewed_at)
       SELECT pg_temp.id('as' || i), '按计划推进，已完成阶段性工作（第' || k || '次填报）', LEAST(100, k * 40),
              CASE WHEN k = 1 THEN 'approved' ELSE 'submitted' END,
              (LEAST($2::date - 1, start_date + 10 * k) + time '10:00') AT TIME ZONE 'Asia/Shanghai',
              CASE WHEN k = 1 THEN (LEAST($2::date - 1, start_date + 10 * k + 1) + time '10:00') AT TIME ZONE 'Asia/Shanghai' END
         FROM assignment_gen CROSS JOIN LATERAL generate_series(1, 1 + (x * 100)::int % 2) k
        WHERE status IN ('accepted', 'completion_requested', 'completed')`,
    `INSERT INTO extension_request (assignment_id, current_deadline, requested_deadline, reason, status, decided_at, created_at)
       SELECT pg_temp.id('as' || i), deadline, deadline + 30, '受客观因素影响，申请延期', 'approved',
              (deadline - 5 + time '10:00') AT TIME ZONE 'Asia/Shanghai', (deadline - 10 + time '10:00') AT TIME ZONE 'Asia/Shanghai'
         FROM assignment_gen WHERE extended`,
    `INSERT INTO extension_request (assignment_id, current_deadline, requested_deadline, reason, status, created_at)
       SELECT pg_temp.id('as' || i), deadline, deadline + 20, '工作量较大，申请延期', 'pending', now()
         FROM assignment_gen WHERE NOT extended AND deadline IS NOT NULL AND status IN ('pending', 'accepted') AND ext > 0.99`,
    // The audit trail: creation of each task, each acceptance, report and completion.
    `INSERT INTO audit_entry (at, actor_name, action, entity_type, entity_id, after)
       SELECT (start_date + time '09:00') AT TIME ZONE 'Asia/Shanghai', '督查室', 'task.create', 'task', pg_temp.id('task' || g)::text,
              jsonb_build_object('title', '重点任务第' || g || '项', 'deadline', deadline)
         FROM task_gen`,
    `INSERT INTO audit_entry (at, actor_name, action, entity_type, entity_id, after)
       SELECT (start_date + 2 + time '10:00') AT TIME ZONE 'Asia/Shanghai', '经办人', 'assignment.accept', 'assignment', pg_temp.id('as' || i)::text,
              jsonb_build_object('status', 'accepted')
         FROM assignment_gen WHERE status NOT IN ('pending', 'returned')`,
    `INSERT INTO audit_entry (at, actor_name, action, entity_type, entity_id, after)
       SELECT r.created_at, '经办人', 'assignment.report', 'assignment', r.assignment_id::text,
              jsonb_build_object('content', r.content, 'progress', r.progress)
         FROM progress_report r`,
    `INSERT INTO audit_entry (at, actor_name, action, entity_type, entity_id, after)
       SELECT (COALESCE(completed_on, $2::date - 1) + time '16:00') AT TIME ZONE 'Asia/Shanghai', '督查室', 'assignment.complete', 'assignment',
              pg_temp.id('as' || i)::text, jsonb_build_object('status', 'completed')
         FROM assignment_gen WHERE status = 'completed'`,
    // The reminder ledger: a sent overdue or due-soon notice to the clerk of every open assignment with a deadline.
    `INSERT INTO reminder (assignment_id, task_id, rule, kind, bucket, recipient_id, title, body, status, attempts, delivered_channels, created_at, sent_at)
       SELECT pg_temp.id('as' || a.i), pg_temp.id('task' || a.g), CASE WHEN a.deadline < $2::date THEN 'overdue' ELSE 'due_soon' END,
              CASE WHEN a.deadline < $2::date THEN 'overdue' ELSE 'due_soon' END, LEAST(a.deadline, $2::date - 1), u.id,
              '督办提醒', '请按时办理', 'sent', 1, '{in_app}', now(), now()
         FROM assignment_gen a JOIN app_user u ON u.unit_id = a.unit_id AND NOT u.is_unit_head AND u.username LIKE 'u%'
        WHERE a.status IN ('pending', 'accepted') AND a.task_status = 'in_progress' AND a.deadline < $2::date + 30`,
  ];
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const assignments = Number(args.assignments ?? 100_000);
  const seed = String(args.seed ?? 'duban');
  const today = args.today ?? shanghaiToday();
  const password = args.password ?? 'Bench@2026';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error('--today YYYY-MM-DD');
  if (!Number.isInteger(assignments) || assignments < 1000) throw new Error('--assignments: at least 1000');
  const started = performance.now();
  const { url } = await target(args);
  console.log(`loading ${assignments} assignments (seed ${seed}, today ${today}) into ${url}`);

  const dataSource = await createDataSource(url).initialize();
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
  console.log(`migrations: ${applied.length} applied`);

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const [{ n }] = (await client.query('SELECT count(*)::int AS n FROM app_user')).rows;
    if (n) throw new Error('the database already has users; load into an empty one');
    await client.query(`SELECT set_config('seed.value', $1, false)`, [seed]);
    await client.query(`SELECT set_config('seed.hash', $1, false)`, [await hashPassword(password)]);
    // Triggers off (the rollups are rebuilt once at the end), secondary indexes rebuilt after the load.
    await client.query(`SET session_replication_role = replica`);
    await client.query(`SET maintenance_work_mem = '512MB'`);
    const indexes = (
      await client.query(
        `SELECT i.indexname, i.indexdef FROM pg_indexes i
          WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
            AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
        [BIG_TABLES],
      )
    ).rows;
    for (const { indexname } of indexes) await client.query(`DROP INDEX "${indexname}"`);
    for (const sql of statements()) {
      const at = performance.now();
      const result = await client.query(
        sql.replaceAll('$2::date', `'${today}'::date`).replaceAll('$3::int', `${assignments}`),
      );
      const label = sql.trim().split('\n')[0].slice(0, 70);
      if (performance.now() - at > 2000 || result.command === 'INSERT')
        console.log(
          `  ${((performance.now() - at) / 1000).toFixed(1)} s  ${result.rowCount ?? ''}  ${label}`,
        );
    }
    let at = performance.now();
    // pg_indexes shows a partitioned table's index as `ON ONLY` (the parent alone): rebuild it on every
    // partition, or the audit trail's partitions are left without indexes.
    for (const { indexdef } of indexes) await client.query(indexdef.replace(' ON ONLY ', ' ON '));
    console.log(`  ${((performance.now() - at) / 1000).toFixed(1)} s  rebuilt ${indexes.length} indexes`);
    await client.query(`SET session_replication_role = origin`);
    const [{ rollups }] = (
      await client.query(`SELECT to_regproc('duban_rebuild_rollups') IS NOT NULL AS rollups`)
    ).rows;
    if (rollups) {
      // Statistics first: without them the triggers' statements plan for guessed sizes, and a lookup of
      // one task's open assignments walked every open assignment (rollups took 47 min at 1M, 87 s in all at 100k).
      at = performance.now();
      await client.query('ANALYZE');
      console.log(`  ${((performance.now() - at) / 1000).toFixed(1)} s  ANALYZE`);
      at = performance.now();
      await client.query('SELECT duban_rebuild_rollups()');
      console.log(`  ${((performance.now() - at) / 1000).toFixed(1)} s  rebuilt rollups`);
    }
    const [{ inbox }] = (await client.query(`SELECT to_regproc('duban_rebuild_inbox') IS NOT NULL AS inbox`))
      .rows;
    if (inbox) {
      at = performance.now();
      await client.query('SELECT duban_rebuild_inbox()');
      console.log(`  ${((performance.now() - at) / 1000).toFixed(1)} s  rebuilt the 待办 tally`);
    }
    at = performance.now();
    await client.query('VACUUM ANALYZE');
    console.log(`  ${((performance.now() - at) / 1000).toFixed(1)} s  VACUUM ANALYZE`);
    const counts = (
      await client.query(
        `SELECT (SELECT count(*) FROM unit) AS units, (SELECT count(*) FROM app_user) AS users,
                (SELECT count(*) FROM policy_document) AS documents, (SELECT count(*) FROM task) AS tasks,
                (SELECT count(*) FROM assignment) AS assignments, (SELECT count(*) FROM progress_report) AS reports,
                (SELECT count(*) FROM extension_request) AS extensions, (SELECT count(*) FROM audit_entry) AS audit,
                (SELECT count(*) FROM reminder) AS reminders, pg_size_pretty(pg_database_size(current_database())) AS size`,
      )
    ).rows[0];
    console.log(
      `loaded in ${((performance.now() - started) / 1000).toFixed(0)} s: ${Object.entries(counts)
        .map(([key, value]) => `${key} ${value}`)
        .join(', ')}`,
    );
    console.log(
      `logins (password ${password}): bench_admin, bench_supervisor, bench_city, bench_leader, bench_clerk`,
    );
  } finally {
    await client.end();
  }
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exitCode = 1;
});
