#!/usr/bin/env node
// `npm run bench:report`: progress-report POSTs (POST /api/v1/assignments/:id/reports) against the API
// in production mode on a scratch province, 50 keep-alive connections on loopback, each request a clerk
// reporting on one of their unit's accepted assignments. Prints req/s and latency beside the target.
// Options: --assignments=100000 --audit=4 (audit rows per assignment) --connections=50 --seconds=20 --keep
// --database=URL: run against a database an earlier --keep left seeded (neither seeded nor dropped;
// its Redis prefix is).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import http from 'node:http';
import net from 'node:net';
import { flushPrefix, ms, parseArgs, scratch, seedProvince } from './lib/bench-province.mjs';

const require = createRequire(import.meta.url);
const { createDataSource } = require('../apps/api/src/data-source.ts');
const jwt = require('jsonwebtoken');

const args = parseArgs();
const CONNECTIONS = Number(args.connections ?? 50);
const SECONDS = Number(args.seconds ?? 20);
const TARGET = 500;
// Production refuses a weak signing secret: a random one per run.
const SECRET = randomBytes(48).toString('base64');

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(port, child) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
    const ok = await globalThis
      .fetch(`http://127.0.0.1:${port}/api/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the API did not become healthy within 60 s');
}

/** One clerk per unit, each reporting on accepted assignments of running tasks, spread over many tasks. */
async function targets(dataSource) {
  const rows = await dataSource.query(
    `SELECT DISTINCT ON (a.unit_id) a.id, u.id AS user_id, u.username, a.unit_id
       FROM assignment a
       JOIN task t ON t.id = a.task_id AND t.status = 'in_progress'
       JOIN app_user u ON u.unit_id = a.unit_id AND NOT u.is_unit_head
      WHERE a.status = 'accepted'
      ORDER BY a.unit_id, a.id`,
  );
  return rows.map((row) => ({
    path: `/api/v1/assignments/${row.id}/reports`,
    token: jwt.sign(
      {
        sub: row.user_id,
        username: row.username,
        displayName: '承办人',
        roles: ['unit'],
        unitId: row.unit_id,
      },
      SECRET,
      { expiresIn: 3600 },
    ),
  }));
}

function load(port, list, seconds) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies = [];
  const statuses = {};
  let next = 0;
  const until = performance.now() + seconds * 1000;
  const one = (target) =>
    new Promise((resolve) => {
      const body = JSON.stringify({
        content: '本周完成了政策宣讲和企业走访，问题清单已整改过半。',
        progress: 60,
      });
      const started = performance.now();
      const req = http.request(
        {
          agent,
          host: '127.0.0.1',
          port,
          path: target.path,
          method: 'POST',
          headers: {
            authorization: `Bearer ${target.token}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - started);
            statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
            resolve();
          });
        },
      );
      req.on('error', () => {
        statuses.error = (statuses.error ?? 0) + 1;
        resolve();
      });
      req.end(body);
    });
  const lane = async () => {
    while (performance.now() < until) await one(list[next++ % list.length]);
  };
  const started = performance.now();
  return Promise.all(Array.from({ length: CONNECTIONS }, lane)).then(() => {
    agent.destroy();
    latencies.sort((a, b) => a - b);
    const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
    return {
      seconds: (performance.now() - started) / 1000,
      count: latencies.length,
      statuses,
      p50: at(0.5),
      p95: at(0.95),
      p99: at(0.99),
    };
  });
}

async function main() {
  const reuse = args.database;
  const db = reuse
    ? {
        url: reuse,
        prefix: `duban_bench_report_${process.pid}`,
        drop: () => flushPrefix(`duban_bench_report_${process.pid}`),
      }
    : await scratch('report');
  const dataSource = await createDataSource(db.url).initialize();
  let api;
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    if (!reuse) {
      await seedProvince(dataSource, {
        assignments: Number(args.assignments ?? 100_000),
        auditPerAssignment: Number(args.audit ?? 4),
      });
    }
    const list = await targets(dataSource);
    const port = await freePort();
    api = spawn(process.execPath, ['-r', './scripts/lib/register-ts.cjs', 'apps/api/src/main.ts'], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        APP_ROLE: 'api',
        PORT: String(port),
        DATABASE_URL: db.url,
        REDIS_PREFIX: db.prefix,
        REMINDER_CRON: 'off',
        JWT_SECRET: SECRET,
        ADMIN_PASSWORD: 'bench-admin-password',
        // Request logs off: the figure is the application's, not the log sink's.
        LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      },
    });
    await waitForHealth(port, api);
    console.log(`API (production mode, pid ${api.pid}) on port ${port}; ${list.length} clerks`);
    await load(port, list, 3); // warm-up: JIT, pool, plan cache
    const started = performance.now();
    const result = await load(port, list, SECONDS);
    const rps = result.count / result.seconds;
    console.log(
      `report POST: ${rps.toFixed(0)} req/s (target ≥ ${TARGET}), p50 ${result.p50.toFixed(1)} ms, ` +
        `p95 ${result.p95.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ${CONNECTIONS} connections, ` +
        `${result.count} requests in ${ms(started)}, statuses ${JSON.stringify(result.statuses)}`,
    );
    const [{ audit }] = await dataSource.query(`SELECT count(*)::int AS audit FROM audit_entry`);
    console.log(`audit rows after the run: ${audit}`);
    if (args.keep) console.log(`--keep: leaving ${db.url}`);
  } finally {
    if (api && api.exitCode === null) {
      api.kill('SIGTERM');
      await new Promise((resolve) => api.once('exit', resolve));
    }
    await dataSource.destroy();
    if (!args.keep) await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
