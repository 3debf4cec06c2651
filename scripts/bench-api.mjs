#!/usr/bin/env node
/* global fetch */
// `npm run bench:api`: the built API in production mode on loopback against a database loaded by
// `npm run seed:load`, measured with autocannon (50 connections) per request kind. Beside each figure:
//  - the SQL floor: the statements that request runs (captured from one request to an in-process copy of
//    the app), replayed by 50 concurrent loops over a pool as large as the API's (10), for the same time;
//  - the framework floor: a bare Node http server answering a small JSON body.
// Then EXPLAIN (ANALYZE, BUFFERS) of the slowest captured statements, and the API's RSS after the load.
// Each kind also prints the CPU per request of the API process and of the PostgreSQL backends on the bench
// database (from /proc, over the autocannon run: PostgreSQL's background processes are not counted).
// Options: --database duban_bench | --url postgres://…  --duration 5 (seconds per kind)  --connections 50
//          --only overdue-all,detail  --no-build (reuse dist/api)  --explain 3  --password Bench@2026
//          --processes 2 (API processes sharing the port, as two replicas on one host)
//          --no-check (skip comparing every dashboard card and the top 60 of the unit ranking with their lists)
// `--only login-wave` measures the stats overview alone and beside a login wave (half the connections each).
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const args = {};
for (let i = 2; i < process.argv.length; i++) {
  const [key, inline] = process.argv[i].replace(/^--/, '').split('=');
  const next = process.argv[i + 1];
  if (inline !== undefined) args[key] = inline;
  else if (next !== undefined && !next.startsWith('--')) args[key] = process.argv[++i];
  else args[key] = 'true';
}
const DURATION = Number(args.duration ?? 5);
const CONNECTIONS = Number(args.connections ?? 50);
const PROCESSES = Number(args.processes ?? 1);
const PASSWORD = args.password ?? 'Bench@2026';
const EXPLAIN = Number(args.explain ?? 3);
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbUrl =
  args.url ?? Object.assign(new URL(adminUrl), { pathname: `/${args.database ?? 'duban_bench'}` }).toString();
const prefix = `duban_benchapi_${randomBytes(4).toString('hex')}`;
const children = [];

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

async function waitFor(url, seconds) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

// Production refuses a weak signing secret: a random one per run, shared by the API and its in-process copy.
const SECRET = randomBytes(48).toString('base64');

function apiEnv(port) {
  return {
    ...process.env,
    NODE_ENV: 'production',
    APP_ROLE: 'api',
    PORT: String(port),
    DATABASE_URL: dbUrl,
    REDIS_PREFIX: prefix,
    REMINDER_CRON: 'off',
    JWT_SECRET: SECRET,
    ADMIN_PASSWORD: 'bench-admin-password',
    DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
    WEB_DIST: '/nonexistent',
  };
}

/** The same app in this process, for capturing the SQL one request runs. */
async function captureApp() {
  require('./lib/register-ts.cjs');
  require('reflect-metadata');
  const { loadConfig } = require('../apps/api/src/config/env.schema.ts');
  const { createApp } = require('../apps/api/src/app.factory.ts');
  const port = await freePort();
  const env = apiEnv(port);
  const app = await createApp(loadConfig({ ...env, LOG_LEVEL: 'silent', NODE_ENV: 'test' }));
  await app.listen(port, '127.0.0.1');
  const captured = [];
  let recording = false;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (config, values, callback) {
    if (recording && typeof config === 'string')
      captured.push({ text: config, values: Array.isArray(values) ? [...values] : [] });
    // A named (prepared) statement is replayed under its name, so the floor plans it as the API does.
    else if (recording && config?.text)
      captured.push({ text: config.text, name: config.name, values: [...(config.values ?? [])] });
    return query.call(this, config, values, callback);
  };
  return {
    url: `http://127.0.0.1:${port}`,
    async capture(send) {
      captured.length = 0;
      recording = true;
      await send(`http://127.0.0.1:${port}`);
      recording = false;
      return [...captured];
    },
    close: () => app.close(),
  };
}

/** The cursor after the first 10,000 rows of a caller's list (50 pages of 200): page 501 of 20. */
async function deepCursor(base, token) {
  let cursor = '';
  for (let page = 1; page <= 50; page++) {
    const response = await fetch(`${base}/api/v1/tasks?pageSize=200${cursor ? `&cursor=${cursor}` : ''}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw new Error(`walking the list: ${response.status} ${await response.text()}`);
    cursor = (await response.json()).nextCursor;
    if (!cursor) throw new Error(`the list ends before page ${page + 1} of 200`);
  }
  return cursor;
}

async function login(base, username) {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': `10.9.${(Math.random() * 250) | 0}.${(Math.random() * 250) | 0}`,
    },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!response.ok) throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
  return (await response.json()).accessToken;
}

async function fixtures(client) {
  const one = async (sql, params = []) => (await client.query(sql, params)).rows[0];
  const city = await one(
    `SELECT u.id FROM unit u JOIN app_user s ON s.unit_id = u.id WHERE s.username = 'bench_city'`,
  );
  const clerk = await one(`SELECT unit_id AS id FROM app_user WHERE username = 'bench_clerk'`);
  // The unit with the most overdue assignments inside the city, for "one unit's overdue list".
  const busy = await one(
    `SELECT a.unit_id AS id FROM assignment a JOIN unit u ON u.id = a.unit_id JOIN unit c ON c.id = $1
      WHERE u.path LIKE c.path || '/%' AND a.status IN ('pending', 'accepted') AND a.deadline < CURRENT_DATE
      GROUP BY a.unit_id ORDER BY count(*) DESC LIMIT 1`,
    [city.id],
  );
  const task = await one(
    `SELECT t.id FROM task t JOIN assignment a ON a.task_id = t.id WHERE t.status = 'in_progress'
      GROUP BY t.id HAVING count(*) >= 5 ORDER BY t.id LIMIT 1`,
  );
  const reportable = (
    await client.query(
      `SELECT a.id FROM assignment a JOIN task t ON t.id = a.task_id
        WHERE a.unit_id = $1 AND a.status = 'accepted' AND t.status = 'in_progress' ORDER BY a.id LIMIT 20`,
      [clerk.id],
    )
  ).rows.map((row) => row.id);
  // One accepted assignment of each of 50 units (their own clerks report), for reports that do not
  // queue on one unit's rows: the kind "report" sends bench_clerk's 20 assignments round and round.
  const spread = (
    await client.query(
      `SELECT DISTINCT ON (u.id) a.id, c.username
         FROM app_user c JOIN unit u ON u.id = c.unit_id
         JOIN assignment a ON a.unit_id = u.id AND a.status = 'accepted'
         JOIN task t ON t.id = a.task_id AND t.status = 'in_progress'
        WHERE c.active AND c.roles = '{unit}' AND c.username LIKE 'u%\\_1' AND NOT c.is_unit_head
        ORDER BY u.id, a.id LIMIT 50`,
    )
  ).rows;
  return { city: city.id, clerk: clerk.id, busy: busy?.id ?? clerk.id, task: task.id, reportable, spread };
}

/** A progress report POST to an assignment (as its unit's clerk when `token` is given). */
const reportRequest = (id, token) => ({
  method: 'POST',
  path: `/api/v1/assignments/${id}/reports`,
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body: JSON.stringify({ content: '本周完成现场核查，推进顺利', progress: 50 }),
});

function kinds(f, tokens) {
  const get = (token, path) => ({ token, requests: [{ method: 'GET', path }] });
  let n = 0;
  let step = 0;
  // Each request a new progress (0–100), so the triggers that follow progress run as on real reports.
  const movingProgress = (request) => ({
    ...request,
    body: JSON.stringify({ content: '本周完成现场核查，推进顺利', progress: (step++ * 37) % 101 }),
  });
  return [
    {
      name: 'overdue-all',
      label: 'overdue list, whole province',
      ...get(tokens.supervisor, '/api/v1/tasks?overdue=true&page=1&pageSize=20'),
    },
    {
      name: 'overdue-city',
      label: 'overdue list, one city',
      ...get(tokens.city, '/api/v1/tasks?overdue=true&page=1&pageSize=20'),
    },
    {
      name: 'overdue-unit',
      label: "one unit's overdue list",
      ...get(tokens.supervisor, `/api/v1/tasks?overdue=true&unitId=${f.busy}&page=1&pageSize=20`),
    },
    {
      name: 'overdue-mine',
      label: "clerk's own overdue list",
      ...get(tokens.clerk, '/api/v1/assignments/mine?overdue=true&page=1&pageSize=20'),
    },
    {
      name: 'stats-all',
      label: 'stats overview, province',
      ...get(tokens.supervisor, '/api/v1/stats/overview'),
    },
    { name: 'stats-city', label: 'stats overview, one city', ...get(tokens.city, '/api/v1/stats/overview') },
    {
      name: 'units-all',
      label: 'per-unit stats, province, page 1 by rate',
      ...get(tokens.supervisor, '/api/v1/stats/units'),
    },
    {
      name: 'units-city',
      label: 'per-unit stats, one city, page 1 by rate',
      ...get(tokens.city, '/api/v1/stats/units'),
    },
    {
      name: 'stats-region',
      label: 'stats overview, province filtered to one city',
      ...get(tokens.supervisor, `/api/v1/stats/overview?regionId=${f.city}`),
    },
    {
      name: 'cockpit-all',
      label: 'cockpit (lights, behind units, 批示), province',
      ...get(tokens.supervisor, '/api/v1/stats/cockpit'),
    },
    {
      name: 'documents-all',
      label: 'stats by document, province, page 1 by title',
      ...get(tokens.supervisor, '/api/v1/stats/documents'),
    },
    {
      name: 'documents-overdue',
      label: 'documents, top ten by overdue, province',
      ...get(tokens.supervisor, '/api/v1/stats/documents?sort=overdue&order=desc&pageSize=10'),
    },
    {
      name: 'trend-all',
      label: 'trend by week, province',
      ...get(tokens.supervisor, '/api/v1/stats/trend?interval=week'),
    },
    { name: 'detail', label: 'task detail', ...get(tokens.supervisor, `/api/v1/tasks/${f.task}`) },
    {
      name: 'inbox-counts',
      label: '待办 counts (menu badge), province',
      ...get(tokens.supervisor, '/api/v1/inbox/counts'),
    },
    {
      name: 'inbox-reports',
      label: '待办: reports to review, province, page 1',
      ...get(tokens.supervisor, '/api/v1/inbox?kind=reports&page=1&pageSize=20'),
    },
    {
      name: 'inbox-city',
      label: '待办: completion requests, one city, page 1',
      ...get(tokens.city, '/api/v1/inbox?kind=completions&page=1&pageSize=20'),
    },
    {
      name: 'list-filter',
      label: 'task list: in progress, yellow, 营商',
      ...get(
        tokens.supervisor,
        `/api/v1/tasks?status=in_progress&light=yellow&q=${encodeURIComponent('营商')}&page=1&pageSize=20`,
      ),
    },
    {
      name: 'list-deep',
      label: 'task list, page 501 by cursor (city)',
      ...get(tokens.city, `/api/v1/tasks?page=501&pageSize=20&cursor=${f.deepCursor}`),
    },
    {
      name: 'list-deep-all',
      label: 'task list, page 501 by cursor (province)',
      ...get(tokens.supervisor, `/api/v1/tasks?page=501&pageSize=20&cursor=${f.deepCursorAll}`),
    },
    {
      name: 'report',
      label: 'progress report POST',
      token: tokens.clerk,
      requests: f.reportable.map((id) => reportRequest(id)),
    },
    {
      name: 'report-moving',
      label: 'progress report POST, progress changes',
      token: tokens.clerk,
      requests: f.reportable.map((id) => reportRequest(id)),
      setupRequest: movingProgress,
      floorAll: true,
      rotate: true,
    },
    {
      name: 'report-spread',
      label: 'progress report POST, 50 units, progress changes',
      token: null,
      requests: (f.spread ?? []).map(({ id, token }) => reportRequest(id, token)),
      setupRequest: movingProgress,
      floorAll: true,
      rotate: true,
    },
    {
      name: 'login',
      label: 'login (distinct clients)',
      token: null,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/auth/login',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'bench_clerk', password: PASSWORD }),
        },
      ],
      setupRequest: (request) => ({
        ...request,
        headers: {
          ...request.headers,
          'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n++ & 255}`,
        },
      }),
    },
    {
      name: 'export',
      label: 'ledger export, overdue (city)',
      ...get(tokens.city, '/api/v1/exports/tasks.xlsx?overdue=true'),
      connections: 4,
    },
  ];
}

/**
 * Every card equals its drill-down list, and each of the top 60 units' ranking figures equals the list
 * filtered to that unit, for the province and one city: returns the mismatches.
 */
async function checkDrillDowns(base, tokens) {
  const get = async (token, path) => {
    const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return response.json();
  };
  const total = async (token, query) => (await get(token, `/api/v1/tasks?pageSize=1&${query}`)).total;
  const mismatches = [];
  let compared = 0;
  for (const [who, token] of [
    ['province', tokens.supervisor],
    ['city', tokens.city],
  ]) {
    const cards = await get(token, '/api/v1/stats/overview');
    for (const [card, query] of [
      ['total', ''],
      ['completed', 'status=completed'],
      ['inProgress', 'status=in_progress'],
      ['overdue', 'overdue=true'],
      ['dueSoon', 'dueSoon=true'],
    ]) {
      const listed = await total(token, query);
      compared++;
      if (listed !== cards[card]) mismatches.push(`${who} ${card}: card ${cards[card]}, list ${listed}`);
    }
    const { lights, behindUnits } = await get(token, '/api/v1/stats/cockpit');
    for (const light of ['red', 'yellow', 'green']) {
      const listed = await total(token, `light=${light}`);
      compared++;
      if (listed !== lights[light]) mismatches.push(`${who} ${light}: card ${lights[light]}, list ${listed}`);
    }
    for (const unit of behindUnits) {
      const yellow = await total(token, `unitId=${unit.unitId}&light=yellow`);
      compared++;
      if (yellow !== unit.yellowTasks)
        mismatches.push(`${who} behind ${unit.unitName}: yellow ${unit.yellowTasks}, list ${yellow}`);
    }
    const documents = await get(token, '/api/v1/stats/documents?sort=overdue&order=desc&pageSize=20');
    for (const document of documents.items) {
      const overdue = await total(token, `documentId=${document.documentId}&overdue=true`);
      const all = await total(token, `documentId=${document.documentId}`);
      compared += 2;
      if (overdue !== document.overdue || all !== document.total)
        mismatches.push(
          `${who} ${document.title}: figures ${document.overdue}/${document.total}, list ${overdue}/${all}`,
        );
    }
    const { items } = await get(token, '/api/v1/stats/units?sort=overdue&order=desc&pageSize=60');
    for (const unit of items) {
      const overdue = await total(token, `unitId=${unit.unitId}&overdue=true`);
      const all = await total(token, `unitId=${unit.unitId}`);
      compared += 2;
      if (overdue !== unit.overdue || all !== unit.total)
        mismatches.push(
          `${who} ${unit.unitName}: ranking ${unit.overdue}/${unit.total}, list ${overdue}/${all}`,
        );
    }
  }
  return { compared, mismatches };
}

/**
 * autocannon for DURATION seconds; p95 from the response times (autocannon reports p90 and p97.5 only).
 * `p95`: on open connections, each connection's first response left out: the 50 connections open at
 * once, and under load libuv accepts one connection per event-loop turn (libuv#3696), so the last of them
 * waits seconds in the accept queue (in production nginx keeps its upstream connections open).
 * `p95All`: every response.
 */
function cannon(url, kind) {
  return new Promise((resolve, reject) => {
    let requests = kind.requests.map((request) => ({
      ...request,
      headers: {
        ...(request.headers ?? {}),
        ...(kind.token ? { authorization: `Bearer ${kind.token}` } : {}),
      },
      ...(kind.setupRequest ? { setupRequest: kind.setupRequest } : {}),
    }));
    if (kind.rotate) {
      // Every connection walks its own copy of the request list from the start, so concurrent requests
      // go to the same row in step; rotate: each request sent takes the next in one shared round.
      const list = requests;
      let next = 0;
      requests = [
        {
          ...list[0],
          setupRequest: () => {
            const { setupRequest, ...request } = list[next++ % list.length];
            return setupRequest ? setupRequest(request) : request;
          },
        },
      ];
    }
    const open = [];
    const all = [];
    const answered = new WeakSet();
    const instance = autocannon(
      { url, connections: kind.connections ?? CONNECTIONS, duration: DURATION, requests, timeout: 30 },
      (error, result) => {
        if (error) return reject(error);
        const p95 = (times) => times.sort((a, b) => a - b)[Math.floor(times.length * 0.95)] ?? NaN;
        resolve({ ...result, p95: p95(open), p95All: p95(all) });
      },
    );
    instance.on('response', (client, _status, _bytes, responseTime) => {
      all.push(responseTime);
      if (answered.has(client)) open.push(responseTime);
      else answered.add(client);
    });
  });
}

/**
 * "Login without stalling other requests": the stats overview on half the connections alone, then beside
 * a login wave on the other half (distinct clients, each a password hash).
 */
async function loginWave(base, all) {
  const half = Math.max(1, Math.floor(CONNECTIONS / 2));
  const other = { ...all.find((kind) => kind.name === 'stats-all'), connections: half };
  const logins = { ...all.find((kind) => kind.name === 'login'), connections: half };
  const alone = await cannon(base, other);
  const [beside, wave] = await Promise.all([cannon(base, other), cannon(base, logins)]);
  const line = (result) =>
    `${fmt(result.requests.average, 1)} req/s, p50 ${fmt(result.latency.p50)} ms, p95 ${fmt(result.p95)} ms, errors ${result.errors + result.timeouts + result.non2xx}`;
  console.log(`\nlogin wave (${half} + ${half} connections):`);
  console.log(`  ${other.label} alone:          ${line(alone)}`);
  console.log(`  ${other.label} beside logins:  ${line(beside)}`);
  console.log(`  logins meanwhile:                       ${line(wave)}`);
}

const TICK_MS = 10; // Linux's USER_HZ: /proc/<pid>/stat counts CPU time in hundredths of a second.

/** User + system CPU ms of one process so far, or 0 once it has gone. */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** The API's processes: the one spawned, or the workers of the --processes primary. */
function apiPids(pid) {
  if (PROCESSES === 1) return [pid];
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).map(Number);
}

/** CPU ms so far of the API's processes and of the PostgreSQL backends connected to the bench database. */
function cpuNow(apiPids) {
  const database = new URL(dbUrl).pathname.slice(1);
  const backend = new RegExp(`^postgres: [^:]+: \\S+ ${database} `);
  let pg = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let command = '';
    try {
      command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (backend.test(command)) pg += cpuMs(pid);
  }
  return { api: apiPids.reduce((sum, pid) => sum + cpuMs(pid), 0), pg };
}

/** Replays requests' statements in 50 loops (loop i the statements of request i mod n) over a pool of 10 for DURATION seconds. */
async function sqlFloor(replays) {
  const pool = new pg.Pool({ connectionString: dbUrl, max: 10 });
  const once = async (client, { statements, created }) => {
    let failed = false;
    const key = created ? randomUUID() : null;
    for (const { text, name, values } of statements) {
      try {
        await client.query({
          name,
          text,
          values: key ? values.map((value) => (value === created ? key : value)) : values,
        });
      } catch {
        failed = true;
        if (!/^(BEGIN|START|COMMIT|ROLLBACK)/i.test(text)) await client.query('ROLLBACK').catch(() => {});
      }
    }
    return failed;
  };
  const single = [];
  let failed = false;
  for (let i = 0; i < 3; i++) {
    const client = await pool.connect();
    const at = performance.now();
    failed = (await once(client, replays[0])) || failed;
    single.push(performance.now() - at);
    client.release();
  }
  const started = performance.now();
  const until = started + DURATION * 1000;
  let done = 0;
  const latencies = [];
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, loop) => {
      while (performance.now() < until) {
        const at = performance.now();
        const client = await pool.connect();
        try {
          await once(client, replays[loop % replays.length]);
        } finally {
          client.release();
        }
        latencies.push(performance.now() - at);
        done++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await pool.end();
  latencies.sort((a, b) => a - b);
  return {
    rps: done / seconds,
    p95: latencies[Math.floor(latencies.length * 0.95)] ?? NaN,
    single: Math.min(...single),
    failed,
  };
}

async function frameworkFloor() {
  const body = JSON.stringify({ items: [], total: 0, page: 1, pageSize: 20 });
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const result = await cannon(`http://127.0.0.1:${server.address().port}`, {
    token: null,
    requests: [{ method: 'GET', path: '/' }],
  });
  server.close();
  return result;
}

const fmt = (value, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

async function main() {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  const [{ assignments }] = (await client.query('SELECT count(*)::int AS assignments FROM assignment')).rows;
  const f = await fixtures(client);
  // As a running API leaves them: the counters compacted and ranked as of today (a loaded or copied database
  // may not be yet, and the first figure read of a day would otherwise pay for the fold and re-rank).
  await client.query(`SELECT duban_compact_figures((now() AT TIME ZONE 'Asia/Shanghai')::date)`);
  if (args.build !== 'false' && !args['no-build']) {
    console.log('building the API (tsc)…');
    execFileSync('npx', ['tsc', '-p', 'apps/api/tsconfig.app.json'], { cwd: root, stdio: 'inherit' });
    execFileSync('npx', ['tsc-alias', '-p', 'apps/api/tsconfig.app.json'], { cwd: root, stdio: 'inherit' });
  }
  const port = await freePort();
  // The young generation the production image sets (Dockerfile, NODE_OPTIONS).
  // One API process, or --processes N sharing the port (the compose default runs two replicas on one host).
  const main = join(root, 'dist/api/apps/api/src/main.js');
  const api = spawn(
    process.execPath,
    PROCESSES > 1
      ? ['--max-semi-space-size=32', join(root, 'scripts/lib/api-processes.cjs'), main, String(PROCESSES)]
      : ['--max-semi-space-size=32', main],
    {
      cwd: root,
      env: apiEnv(port),
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  children.push(api);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/api/health`, 60);
  const tokens = {
    supervisor: await login(base, 'bench_supervisor'),
    city: await login(base, 'bench_city'),
    clerk: await login(base, 'bench_clerk'),
  };
  const only = args.only ? new Set(args.only.split(',')) : null;
  if (!only || only.has('list-deep')) f.deepCursor = await deepCursor(base, tokens.city);
  if (!only || only.has('list-deep-all')) f.deepCursorAll = await deepCursor(base, tokens.supervisor);
  if (!only || only.has('report-spread'))
    for (const row of f.spread) row.token = await login(base, row.username);
  else f.spread = [];
  const capture = await captureApp();
  const rows = [];
  const slow = [];
  let git = 'unknown commit';
  try {
    git = execFileSync('git', ['log', '-1', '--format=%h'], { cwd: root, stdio: 'pipe' }).toString().trim();
  } catch {
    /* a source snapshot without .git */
  }
  console.log(
    `\n${assignments} assignments, ${CONNECTIONS} connections, ${DURATION} s per kind, ${PROCESSES} API process(es), commit ${git}, ${new Date().toISOString()}`,
  );
  const framework = await frameworkFloor();
  console.log(
    `framework floor (bare node http): ${fmt(framework.requests.average)} req/s, p95 ${fmt(framework.p95)} ms`,
  );
  for (const kind of kinds(f, tokens)) {
    if (only && !only.has(kind.name)) continue;
    // The floor replays the first request's statements, or each request's (floorAll: writes spread over
    // many rows, which one request's statements replayed 50 times would queue on one row's lock).
    const replays = [];
    for (const request of kind.floorAll ? kind.requests : kind.requests.slice(0, 1)) {
      const first = kind.setupRequest ? kind.setupRequest(request) : request;
      let created = null;
      // The counters' background compaction (at most every few seconds per process) is not the request's.
      const captured = await capture.capture(async (url) => {
        const response = await fetch(`${url}${first.path}`, {
          method: first.method,
          headers: {
            ...(first.headers ?? {}),
            ...(kind.token ? { authorization: `Bearer ${kind.token}` } : {}),
            'x-forwarded-for': '10.200.0.1',
          },
          body: first.body,
        });
        const text = await response.text();
        if (!response.ok) console.log(`  ${kind.name}: capture answered ${response.status}`);
        // A row the POST created with a key chosen by the API: each replay inserts it under a new key. The
        // reminder-ledger rows keep their captured source key, so from the second replay on their insert
        // meets its conflict and writes nothing: the floor of a write is a little optimistic.
        else if (first.method === 'POST') created = JSON.parse(text)?.id ?? null;
      });
      const statements = captured.filter((statement) => !statement.text.includes('duban_compact_figures'));
      replays.push({ statements, created });
    }
    const statements = replays[0].statements;
    const before = cpuNow(apiPids(api.pid));
    const result = await cannon(base, kind);
    const after = cpuNow(apiPids(api.pid));
    const floor = await sqlFloor(replays);
    for (const statement of statements)
      if (/^\s*(WITH|SELECT)/i.test(statement.text)) slow.push({ kind: kind.name, ...statement });
    rows.push({
      kind,
      rps: result.requests.average,
      p50: result.latency.p50,
      p95: result.p95,
      p95All: result.p95All,
      p99: result.latency.p99,
      errors: result.errors + result.timeouts + result.non2xx,
      statements: statements.length,
      floor,
      apiMs: (after.api - before.api) / result.requests.total,
      pgMs: (after.pg - before.pg) / result.requests.total,
    });
    const row = rows.at(-1);
    console.log(
      `  ${kind.name.padEnd(13)} ${fmt(row.rps, 1).padStart(8)} req/s  p50 ${fmt(row.p50)} ms  p95 ${fmt(row.p95)} ms (all ${fmt(row.p95All)})  errors ${row.errors}  CPU per request: API ${fmt(row.apiMs, 2)} ms, PostgreSQL ${fmt(row.pgMs, 2)} ms` +
        `  | SQL floor ${fmt(floor.rps, 1)} req/s (${statements.length} statements, ${fmt(floor.single, 1)} ms alone)${floor.failed ? ' (some statements failed on replay)' : ''}`,
    );
  }
  if (!only || only.has('login-wave')) await loginWave(base, kinds(f, tokens));
  if (!args['no-check']) {
    const { compared, mismatches } = await checkDrillDowns(base, tokens);
    console.log(
      `\ndrill-downs: ${compared} figures compared with their lists, ${mismatches.length} differ${mismatches.length ? `:\n  ${mismatches.slice(0, 20).join('\n  ')}` : ''}`,
    );
  }
  const rss =
    apiPids(api.pid).reduce(
      (sum, pid) =>
        sum + Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN),
      0,
    ) / 1024;

  console.log(
    `\n| request | req/s | p50 ms | p95 ms | p95 ms, first per connection too | SQL floor req/s | SQL alone ms | statements | errors | API CPU ms/req | PostgreSQL CPU ms/req |`,
  );
  console.log(`|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`);
  for (const row of rows)
    console.log(
      `| ${row.kind.label} | ${fmt(row.rps, 1)} | ${fmt(row.p50)} | ${fmt(row.p95)} | ${fmt(row.p95All)} | ${fmt(row.floor.rps, 1)} | ${fmt(row.floor.single, 1)} | ${row.statements} | ${row.errors} | ${fmt(row.apiMs, 2)} | ${fmt(row.pgMs, 2)} |`,
    );
  console.log(
    `| bare node http (framework floor) | ${fmt(framework.requests.average)} | ${fmt(framework.latency.p50)} | | | | | | | | |`,
  );
  console.log(`\nAPI RSS after the load: ${fmt(rss)} MB`);

  if (EXPLAIN > 0) {
    const timed = [];
    for (const statement of slow) {
      const at = performance.now();
      await client.query(statement.text, statement.values);
      timed.push({ ...statement, ms: performance.now() - at });
    }
    timed.sort((a, b) => b.ms - a.ms);
    for (const statement of timed.slice(0, EXPLAIN)) {
      const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, statement.values);
      const lines = plan.rows.map((row) => row['QUERY PLAN']);
      console.log(
        `\n-- ${statement.kind}: ${fmt(statement.ms, 1)} ms\n${statement.text.replace(/\s+/g, ' ').slice(0, 400)}`,
      );
      console.log(
        lines.slice(0, 30).join('\n') + (lines.length > 30 ? `\n… (${lines.length - 30} more lines)` : ''),
      );
    }
  }
  await client.end();
  await capture.close();
}

async function cleanup() {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  require('./lib/register-ts.cjs');
  const { flushPrefix } = require('../apps/api/test/support/test-app.ts');
  await flushPrefix(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => cleanup().then(() => process.exit()));
