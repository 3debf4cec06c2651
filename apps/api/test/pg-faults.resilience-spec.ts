// PostgreSQL killed (-9) and frozen (SIGSTOP 30 s) under 20 concurrent writers of progress reports, on a
// private cluster. Run by `npm run test:resilience` (not by `npm test`: it takes about a minute and a half).
// Asserts: no acknowledged report lost, every refusal during the outage a 503 with Retry-After within the
// configured limits, and the same API process writing again once PostgreSQL is back.
import { writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDataSource } from '../src/data-source';
import { UNANSWERED_GRACE_MS } from '../src/common/context-client';
import { createDatabase } from '../src/database/scratch-database';
import { publishSample } from './support/published';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres';
import { createTestApp, type TestApp } from './support/test-app';

const WRITERS = 20;
const FREEZE_MS = Number(process.env.DUBAN_FREEZE_MS ?? 30_000);
const CONNECT_TIMEOUT_MS = 3000;
const WRITE_TIMEOUT_MS = 5000;
/**
 * The configured bound on a refusal: waiting for a connection (DB_CONNECT_TIMEOUT_MS), then one statement
 * left unanswered until its class's statement_timeout and the grace, plus 2 s for a loaded machine.
 */
const REFUSAL_BOUND_MS = CONNECT_TIMEOUT_MS + WRITE_TIMEOUT_MS + UNANSWERED_GRACE_MS + 2000;

type Phase = 'before' | 'killed' | 'recovering' | 'between' | 'frozen' | 'thawing' | 'after';

interface Outcome {
  phase: Phase;
  /** Why, for anything but 201 and 503 (a 500's message, a dropped connection). */
  detail?: string;
  status: number;
  ms: number;
  retryAfter: string | null;
  id?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PostgreSQL kill -9 and freeze under 20 writers (private cluster)', () => {
  let pg: PrivatePostgres;
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    const url = await createDatabase(pg.url('postgres'), 'duban');
    const migrator = await createDataSource(url).initialize();
    await migrator.runMigrations({ transaction: 'each' });
    await migrator.destroy();
    t = await createTestApp({
      databaseUrl: url,
      // The sample notice's deadlines lie ahead of this day.
      now: new Date('2023-03-10T09:00:00+08:00'),
      env: {
        DB_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
        DB_WRITE_TIMEOUT_MS: String(WRITE_TIMEOUT_MS),
        DB_READ_TIMEOUT_MS: String(WRITE_TIMEOUT_MS),
      },
    });
    const server: Server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 180_000);

  afterAll(async () => {
    await t?.close();
    pg?.stop();
  });

  it('loses no acknowledged write, answers 503 within the limits, and recovers without a restart', async () => {
    const sample = await publishSample(t);
    const { approval, market } = t.fixture.units;
    const targets: { id: string; user: string }[] = [];
    for (const [task, unit, user] of [
      [0, approval, 'approval'],
      [1, approval, 'approval'],
      [2, market, 'market'],
    ] as const) {
      const assignment = await sample.assignment(task, unit.id);
      const headers = await t.login(user);
      await t.http().post(`/api/v1/assignments/${assignment.id}/accept`).set(headers).expect(200);
      targets.push({ id: assignment.id, user: headers.Authorization });
    }

    let phase: Phase = 'before';
    let running = true;
    const outcomes: Outcome[] = [];
    const writer = async (index: number) => {
      const target = targets[index % targets.length];
      for (let n = 0; running; n++) {
        const started = Date.now();
        const at = phase;
        try {
          const response = await fetch(`${base}/api/v1/assignments/${target.id}/reports`, {
            method: 'POST',
            headers: { Authorization: target.user, 'Content-Type': 'application/json' },
            body: JSON.stringify({ content: `写入 ${index}-${n}`, progress: 50 }),
            signal: AbortSignal.timeout(60_000),
          });
          const body = (await response.json().catch(() => ({}))) as { id?: string; message?: string };
          outcomes.push({
            phase: at,
            status: response.status,
            ms: Date.now() - started,
            retryAfter: response.headers.get('retry-after'),
            id: response.status === 201 ? body.id : undefined,
            detail: response.status === 201 || response.status === 503 ? undefined : body.message,
          });
          if (response.status !== 201) await sleep(250);
        } catch (error) {
          const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
          outcomes.push({ phase: at, status: 0, ms: Date.now() - started, retryAfter: null, detail: cause });
          await sleep(250);
        }
      }
    };
    const acknowledgedIn = (p: Phase) => outcomes.filter((o) => o.phase === p && o.status === 201).length;
    /** Runs until a write is acknowledged after `since`; returns how long that took. */
    const recovery = async (since: number) => {
      const count = () => outcomes.filter((o) => o.status === 201).length;
      const before = count();
      while (count() === before) {
        if (Date.now() - since > 60_000) throw new Error('no write acknowledged within 60 s of recovery');
        await sleep(50);
      }
      return Date.now() - since;
    };

    const writers = Array.from({ length: WRITERS }, (_, index) => writer(index));
    await sleep(3000);

    phase = 'killed';
    pg.kill();
    await sleep(5000);
    phase = 'recovering';
    const restarted = Date.now();
    pg.start();
    const afterKill = await recovery(restarted);
    phase = 'between';
    await sleep(3000);

    phase = 'frozen';
    pg.freeze();
    await sleep(FREEZE_MS);
    phase = 'thawing';
    const thawed = Date.now();
    pg.thaw();
    const afterFreeze = await recovery(thawed);
    phase = 'after';
    await sleep(3000);
    running = false;
    await Promise.all(writers);

    const acknowledged = outcomes.flatMap((o) => (o.id ? [o.id] : []));
    const stored = new Set(
      (await t.dataSource.query(`SELECT id FROM progress_report WHERE content LIKE '写入 %'`)).map(
        (row: { id: string }) => row.id,
      ),
    );
    const lost = acknowledged.filter((id) => !stored.has(id));
    const refusals = outcomes.filter((o) => o.status !== 201);
    const outage = (p: Phase[]) => refusals.filter((o) => p.includes(o.phase));
    const slowest = (list: Outcome[]) => Math.max(0, ...list.map((o) => o.ms));
    const figures = {
      writers: WRITERS,
      acknowledged: acknowledged.length,
      stored: stored.size,
      lost: lost.length,
      // Refused, yet committed: the commit reached PostgreSQL but its answer did not reach the API.
      refusedButStored: stored.size - (acknowledged.length - lost.length),
      kill: {
        refusals: outage(['killed', 'recovering']).length,
        slowestRefusalMs: slowest(outage(['killed', 'recovering'])),
        recoveryMs: afterKill,
      },
      freeze: {
        freezeMs: FREEZE_MS,
        refusals: outage(['frozen', 'thawing']).length,
        slowestRefusalMs: slowest(outage(['frozen', 'thawing'])),
        recoveryMs: afterFreeze,
      },
      statuses: Object.fromEntries(
        [...new Set(outcomes.map((o) => o.status))].map((s) => [
          s,
          outcomes.filter((o) => o.status === s).length,
        ]),
      ),
      refusalBoundMs: REFUSAL_BOUND_MS,
      unexpected: refusals
        .filter((o) => o.status !== 503)
        .map((o) => `${o.phase} ${o.status} ${o.ms} ms ${o.detail}`),
      acknowledgedByPhase: Object.fromEntries(
        (['before', 'between', 'after'] as const).map((p) => [p, acknowledgedIn(p)]),
      ),
    };
    console.log(JSON.stringify(figures, null, 2));
    if (process.env.DUBAN_RESILIENCE_OUT)
      writeFileSync(process.env.DUBAN_RESILIENCE_OUT, JSON.stringify(figures));

    expect(lost).toEqual([]);
    // Every refusal is a 503 with Retry-After (never a 500, a hang or a dropped connection), in time.
    expect(refusals.filter((o) => o.status !== 503 || !o.retryAfter)).toEqual([]);
    expect(figures.kill.refusals).toBeGreaterThan(0);
    expect(figures.freeze.refusals).toBeGreaterThan(0);
    expect(slowest(refusals)).toBeLessThanOrEqual(REFUSAL_BOUND_MS);
    // The same process writes again in every calm phase.
    for (const p of ['before', 'between', 'after'] as const) expect(acknowledgedIn(p)).toBeGreaterThan(0);
  }, 300_000);
});
