// A PostgreSQL cluster of the test's own (initdb on a free port under /tmp), for faults that would
// harm anyone else: kill -9, SIGSTOP. The shared PostgreSQL on 5432 is never touched.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface PrivatePostgres {
  port: number;
  url(database: string): string;
  /** SIGKILL to the postmaster and every backend: PostgreSQL as after a crash. */
  kill(): void;
  /** SIGSTOP to every process of the cluster: a host that stops answering without closing anything. */
  freeze(): void;
  thaw(): void;
  /** Starts the cluster (crash recovery after `kill`). */
  start(): void;
  stop(): void;
}

function binDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions.length) throw new Error('no PostgreSQL server binaries (set PG_BIN)');
  return join(root, versions[0], 'bin');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** initdb and pg_ctl refuse root: run them as the postgres user then. */
function run(command: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  execFileSync(file, argv, { stdio: 'pipe', timeout: 120_000 });
}

function processesOf(postmaster: number): number[] {
  const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(postmaster)], { encoding: 'utf8' })
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((pid) => pid > 0);
  return [postmaster, ...children];
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const dir = mkdtempSync('/tmp/duban-pg-');
  const data = join(dir, 'data');
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '-N']);
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c max_connections=60',
    '-c shared_buffers=64MB',
    // Durable commits, as in production: what was acknowledged must survive kill -9.
    '-c fsync=on',
    '-c synchronous_commit=on',
  ].join(' ');
  const postmaster = () => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  let stopped: number[] = [];
  const cluster: PrivatePostgres = {
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    kill() {
      for (const pid of processesOf(postmaster())) process.kill(pid, 'SIGKILL');
    },
    freeze() {
      stopped = processesOf(postmaster());
      for (const pid of stopped) process.kill(pid, 'SIGSTOP');
    },
    thaw() {
      for (const pid of stopped) process.kill(pid, 'SIGCONT');
      stopped = [];
    },
    start() {
      run(join(bin, 'pg_ctl'), [
        '-D',
        data,
        '-l',
        join(dir, 'log'),
        '-w',
        '-t',
        '60',
        '-o',
        options,
        'start',
      ]);
    },
    stop() {
      try {
        if (stopped.length) cluster.thaw();
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Already down.
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  cluster.start();
  return cluster;
}
