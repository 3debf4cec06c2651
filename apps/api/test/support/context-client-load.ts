// Concurrent requests through a pool of ContextClients, in a process of its own: Jest's sandbox has its own
// `process`, so pg's DeprecationWarnings (emitted on the real one) are only seen here. Prints a JSON Outcome.
import { EventEmitter } from 'node:events';
import { Pool, type PoolClient, type QueryConfig } from 'pg';
import { ContextClient } from '../../src/common/context-client';
import { requestContext, type StatementTimeouts } from '../../src/common/request-context';
import { DEFAULT_ADMIN_URL } from '../../src/database/scratch-database';

export interface Outcome {
  /** Messages of the DeprecationWarnings emitted. */
  warnings: string[];
  /** Rows that came back other than expected, one line each. */
  wrong: string[];
  /** The closed request's error (code: message), and how long after its start it came. */
  cancelled: { error: string | null; ms: number };
  /** Named statements each pooled connection holds at the end. */
  held: number[];
}

// Odd values, so PostgreSQL shows them in ms and each class's is told apart.
const TIMEOUTS: StatementTimeouts = {
  read: 11_001,
  write: 12_001,
  export: 13_001,
  import: 14_001,
  sweep: 15_001,
};
const PATHS = [
  ['GET', '/api/v1/tasks', 'read'],
  ['POST', '/api/v1/tasks', 'write'],
  ['GET', '/api/v1/exports/tasks.xlsx', 'export'],
] as const;
export const REQUESTS = 50;
/** Each shape is used by two requests (i and i + 25): the connection that serves half of them sees 100. */
const SHAPES = 200;

/** Runs `work` inside a request's context; `close()` is its client going away. */
function inRequest<T>(method: string, path: string, work: () => Promise<T>) {
  const response = Object.assign(new EventEmitter(), { writableFinished: false });
  let done!: Promise<T>;
  requestContext(TIMEOUTS)({ method, path } as never, response as never, () => {
    done = work();
  });
  return { done, close: () => response.emit('close') };
}

/** One request's statements, issued at once on its connection: its class, a custom plan, named shapes. */
async function request(i: number, client: PoolClient, wrong: string[]): Promise<void> {
  const [, , requestClass] = PATHS[i % PATHS.length];
  const shapes = Array.from({ length: 8 }, (_, j) => (i * 8 + j) % SHAPES);
  const [timeout, custom, ...named] = await Promise.all([
    client.query(`SELECT current_setting('statement_timeout') AS v`),
    client.query({
      name: 'custom',
      text: `SELECT current_setting('plan_cache_mode') AS v, $1::int AS n`,
      values: [i],
      customPlan: true,
    } as QueryConfig),
    ...shapes.map((k) =>
      client.query({
        name: `shape${k}`,
        text: `SELECT $1::int + ${k} AS n, current_setting('plan_cache_mode') AS v`,
        values: [i],
      } as QueryConfig),
    ),
  ]);
  const check = (what: string, got: unknown, want: unknown) => {
    if (JSON.stringify(got) !== JSON.stringify(want))
      wrong.push(`request ${i} ${what}: ${JSON.stringify(got)}, not ${JSON.stringify(want)}`);
  };
  check('statement_timeout', timeout.rows[0].v, `${TIMEOUTS[requestClass]}ms`);
  check('custom', custom.rows[0], { v: 'force_custom_plan', n: i });
  shapes.forEach((k, j) => check(`shape${k}`, named[j].rows[0], { n: i + k, v: 'auto' }));
}

async function main(): Promise<Outcome> {
  const warnings: string[] = [];
  process.on('warning', (warning) => {
    if (warning.name === 'DeprecationWarning') warnings.push(warning.message);
  });
  const pool = new Pool({
    connectionString: process.env.TEST_DATABASE_URL ?? DEFAULT_ADMIN_URL,
    max: 2,
    statement_timeout: 10_001,
    Client: ContextClient as never,
  });
  const wrong: string[] = [];
  try {
    // A request whose client leaves mid-statement (it takes a connection first): its statement is cancelled in
    // PostgreSQL while the others run.
    const started = Date.now();
    const left = inRequest('GET', '/api/v1/tasks', async () => {
      const client = await pool.connect();
      try {
        return await client.query('SELECT pg_sleep(5)');
      } finally {
        client.release();
      }
    });
    const requests = Array.from({ length: REQUESTS }, (_, i) => {
      const [method, path] = PATHS[i % PATHS.length];
      return inRequest(method, path, async () => {
        const client = await pool.connect();
        try {
          await request(i, client, wrong);
        } finally {
          client.release();
        }
      }).done;
    });
    setTimeout(left.close, 300);
    const error = await left.done.then(
      () => null,
      (error: { code?: string; message?: string }) => `${error.code}: ${error.message}`,
    );
    const cancelled = { error, ms: Date.now() - started };
    await Promise.all(requests);
    const clients = [await pool.connect(), await pool.connect()];
    const held: number[] = [];
    for (const client of clients)
      held.push((await client.query(`SELECT count(*)::int AS n FROM pg_prepared_statements`)).rows[0].n);
    for (const client of clients) client.release();
    // Warnings are emitted on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    return { warnings, wrong, cancelled, held };
  } finally {
    await pool.end();
  }
}

if (require.main === module) {
  main().then(
    (outcome) => process.stdout.write(JSON.stringify(outcome)),
    (error) => {
      process.stderr.write(String(error?.stack ?? error));
      process.exitCode = 1;
    },
  );
}
