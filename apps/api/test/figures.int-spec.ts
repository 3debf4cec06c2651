import { addDays, daysBetween, expectedProgress, type Light } from '@duban/contracts';
import type { Scope } from '../src/modules/units/jurisdiction';
import { DeadlineSignals } from '../src/modules/read-model/deadline-signals';
import {
  compactFigures,
  counterBehind,
  counterByDocument,
  counterByUnit,
  counterLights,
  counterOverview,
  counterShares,
  counterTotalSql,
  counterTrend,
  NIL_UUID,
  type Ranked,
  type RankingSort,
} from '../src/modules/read-model/figures';
import type { SignalParams, TaskFilters } from '../src/modules/read-model/task-query';
import { SqlParams } from '../src/common/sql-params';
import { publishSample, type PublishedSample } from './support/published';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Issue 9: the figures read counters kept by triggers in the writing transaction. After every kind of write
 * (publish, ad hoc task, accept, report, extension, completion, cancel, return and reassign, deadline edit,
 * days passing, compaction, parallel writers), every counter-based figure equals a count of the rows made
 * here in TypeScript, and the API's cards equal their drill-down lists.
 */

/** The counters' total on its own, as the task list reads it beside its page (null: they cannot answer). */
async function counterTotal(
  db: TestApp['dataSource'],
  scope: Scope,
  filters: TaskFilters,
  signals: SignalParams,
): Promise<number | null> {
  const params = new SqlParams();
  const sql = await counterTotalSql(db, scope, filters, signals, params);
  if (!sql) return null;
  const [{ total }]: { total: number | null }[] = await db.query(`SELECT ${sql} AS total`, params.values);
  return total;
}

describe('figures: counters equal a brute-force count of the rows', () => {
  let t: TestApp;
  let sample: PublishedSample;
  type Headers = { Authorization: string };
  let admin: Headers;
  let supervisor: Headers;
  let approval: Headers;
  let market: Headers;
  const at = (day: string) => new Date(`${day}T10:00:00+08:00`);

  beforeAll(async () => {
    t = await createTestApp({ now: at('2023-03-10') });
    sample = await publishSample(t);
    admin = await t.login('admin');
    supervisor = await t.login('supervisor');
    approval = await t.login('approval');
    market = await t.login('market');
  });
  afterAll(() => t.close());

  // The day's parameters as the API computes them (working-day due-soon window from the calendar).
  const signals = (): Promise<SignalParams> => t.app.get(DeadlineSignals).params();

  interface TaskRow {
    id: string;
    status: string;
    documentId: string | null;
    scopeUnits: string[];
    od: string | null;
    bf: string | null;
    fd: string | null;
    done: string | null;
    created: string;
  }
  const day = (column: string) =>
    `CASE WHEN ${column} = '-infinity' THEN '0000-01-01' ELSE to_char(${column}, 'YYYY-MM-DD') END`;
  async function snapshot() {
    const tasks: TaskRow[] = await t.dataSource.query(
      `SELECT id, status, document_id AS "documentId", scope_units::text[] AS "scopeUnits",
              ${day('open_deadline')} AS od, ${day('behind_from')} AS bf, ${day('final_deadline')} AS fd,
              CASE WHEN status = 'completed' THEN to_char(completed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') END AS done,
              to_char(start_date, 'YYYY-MM-DD') AS created
         FROM task`,
    );
    const assignments: {
      taskId: string;
      unitId: string;
      status: string;
      ld: string | null;
      taskStatus: string;
      start: string;
      deadline: string | null;
      progress: number;
    }[] = await t.dataSource.query(
      `SELECT a.task_id AS "taskId", a.unit_id AS "unitId", a.status, ${day('a.live_deadline')} AS ld, t.status AS "taskStatus",
              to_char(t.start_date, 'YYYY-MM-DD') AS start, to_char(a.deadline, 'YYYY-MM-DD') AS deadline, a.progress
         FROM assignment a JOIN task t ON t.id = a.task_id`,
    );
    const units: { id: string; name: string; path: string }[] = await t.dataSource.query(
      'SELECT id, name, path FROM unit',
    );
    return { tasks, assignments, units };
  }
  type Snapshot = Awaited<ReturnType<typeof snapshot>>;

  const count = <T>(rows: T[], test: (row: T) => boolean) => rows.filter(test).length;

  function bruteTasks(s: Snapshot, key: string, documentId?: string) {
    return s.tasks.filter(
      (task) =>
        (key === NIL_UUID || task.scopeUnits.includes(key)) &&
        (!documentId || task.documentId === documentId),
    );
  }
  function bruteOverview(tasks: TaskRow[], p: SignalParams) {
    return {
      total: tasks.length,
      completed: count(tasks, (x) => x.status === 'completed'),
      inProgress: count(tasks, (x) => x.status === 'in_progress'),
      overdue: count(tasks, (x) => x.od !== null && x.od < p.today),
      dueSoon: count(tasks, (x) => x.od !== null && x.od >= p.today && x.od <= p.dueSoonUntil),
      onTime: count(tasks, (x) => x.done !== null && x.done <= (x.fd ?? '9999-12-31')),
    };
  }
  function lightOf(x: TaskRow, p: SignalParams): Light {
    if (x.od !== null && x.od < p.today) return 'red';
    if ((x.od !== null && x.od <= p.dueSoonUntil) || (x.bf !== null && x.bf <= p.today)) return 'yellow';
    return 'green';
  }
  function unitsInside(s: Snapshot, key: string) {
    const root = s.units.find((u) => u.id === key);
    return new Map(
      s.units
        .filter((u) => !root || u.path === root.path || u.path.startsWith(`${root.path}/`))
        .map((u) => [u.id, u.name]),
    );
  }
  /** The first day an assignment trails 序时进度 by more than 30 points (lightFor's yellow rule as a date). */
  function behindFrom(a: Snapshot['assignments'][number]): string | null {
    const open = ['pending', 'accepted', 'completion_requested'].includes(a.status);
    if (!open || a.taskStatus !== 'in_progress' || !a.deadline || a.progress + 30 >= 100) return null;
    const span = daysBetween(a.start, a.deadline);
    return span <= 0 ? '0000-01-01' : addDays(a.start, Math.ceil(((a.progress + 30.5) * span) / 100));
  }
  function bruteBehind(s: Snapshot, key: string, p: SignalParams) {
    const inside = unitsInside(s, key);
    const behind = new Map<string, number>();
    for (const a of s.assignments) {
      const from = behindFrom(a);
      if (inside.has(a.unitId) && from !== null && from <= p.today)
        behind.set(a.unitId, (behind.get(a.unitId) ?? 0) + 1);
    }
    return [...behind]
      .map(([unitId, n]) => ({ unitId, unitName: inside.get(unitId), behind: n }))
      .sort((a, b) => a.unitId.localeCompare(b.unitId));
  }
  function bruteUnits(s: Snapshot, key: string, p: SignalParams) {
    const inside = unitsInside(s, key);
    const byUnit = new Map<string, { total: number; completed: number; overdue: number }>();
    for (const a of s.assignments) {
      if (a.status === 'returned' || !inside.has(a.unitId)) continue;
      const row = byUnit.get(a.unitId) ?? { total: 0, completed: 0, overdue: 0 };
      row.total += 1;
      if (a.status === 'completed') row.completed += 1;
      if (a.ld !== null && a.ld < p.today) row.overdue += 1;
      byUnit.set(a.unitId, row);
    }
    return [...byUnit]
      .map(([unitId, row]) => ({ unitId, unitName: inside.get(unitId), ...row }))
      .sort((a, b) => a.unitId.localeCompare(b.unitId));
  }
  /** Per unit with a non-returned assignment of a task in progress: its yellow tasks and average gap. */
  function bruteShares(s: Snapshot, p: SignalParams) {
    const tasks = new Map(s.tasks.map((x) => [x.id, x]));
    const byUnit = new Map<string, { yellow: number; gaps: number[] }>();
    for (const a of s.assignments) {
      if (a.status === 'returned' || a.taskStatus !== 'in_progress') continue;
      const row = byUnit.get(a.unitId) ?? { yellow: 0, gaps: [] };
      if (lightOf(tasks.get(a.taskId)!, p) === 'yellow') row.yellow += 1;
      if (a.ld !== null)
        row.gaps.push(
          expectedProgress({ startDate: a.start, deadline: a.deadline } as never, p.today)! - a.progress,
        );
      byUnit.set(a.unitId, row);
    }
    // SQL's round() of the average: half away from zero.
    const round = (x: number) => Math.sign(x) * Math.round(Math.abs(x));
    return [...byUnit]
      .map(([unitId, row]) => ({
        unitId,
        yellow: row.yellow,
        gap: row.gaps.length ? round(row.gaps.reduce((a, b) => a + b, 0) / row.gaps.length) : null,
      }))
      .sort((a, b) => a.unitId.localeCompare(b.unitId));
  }
  function bruteDocuments(tasks: TaskRow[], p: SignalParams) {
    const byDocument = new Map<string, { total: number; completed: number; overdue: number }>();
    for (const x of tasks) {
      if (!x.documentId) continue;
      const row = byDocument.get(x.documentId) ?? { total: 0, completed: 0, overdue: 0 };
      row.total += 1;
      if (x.status === 'completed') row.completed += 1;
      if (x.od !== null && x.od < p.today) row.overdue += 1;
      byDocument.set(x.documentId, row);
    }
    return [...byDocument].map(([documentId, row]) => ({ documentId, ...row })).sort(byId);
  }
  const byId = (a: { documentId: string }, b: { documentId: string }) =>
    a.documentId.localeCompare(b.documentId);
  /** Per day from `from` to `to`: the events of each task, counted here. */
  function bruteTrend(tasks: TaskRow[], p: SignalParams, from: string, to: string) {
    const points = [];
    for (let d = from; d <= to; d = addDays(d, 1)) {
      const overdueDay = (x: TaskRow) =>
        x.status !== 'cancelled' && x.fd !== null && (x.done === null || x.done > x.fd)
          ? addDays(x.fd, 1)
          : null;
      points.push({
        periodStart: d,
        created: count(tasks, (x) => x.created === d),
        completed: count(tasks, (x) => x.done === d),
        completedOnTime: count(tasks, (x) => x.done === d && x.done <= (x.fd ?? '9999-12-31')),
        newOverdue: count(tasks, (x) => overdueDay(x) === d && d <= p.today),
        createdToDate: count(tasks, (x) => x.created <= d),
        completedToDate: count(tasks, (x) => x.done !== null && x.done <= d),
      });
    }
    return points;
  }

  /** Jurisdictions and regions to compare: everything, the city, a county, a department, the other city. */
  const keys = () => {
    const u = t.fixture.units;
    return [NIL_UUID, u.city.id, u.countyA.id, u.approval.id, u.otherCity.id];
  };

  /** Every counter-based figure equals the brute-force count, for every key and with the document filter. */
  async function expectCountersExact(label: string) {
    const p = await signals();
    const s = await snapshot();
    for (const key of keys()) {
      const scope: Scope = { unitId: key === NIL_UUID ? null : key, ownUnitOnly: false };
      for (const documentId of [undefined, sample.documentId]) {
        const tasks = bruteTasks(s, key, documentId);
        const context = { label, key, documentId };
        expect({
          ...context,
          figures: await counterOverview(t.dataSource, scope, { documentId }, p),
        }).toEqual({
          ...context,
          figures: bruteOverview(tasks, p),
        });
        expect({
          ...context,
          documents: (await everything(counterByDocument, scope, { documentId }, p))
            .map(({ id, name: _name, completionRate: _rate, ...row }) => ({ documentId: id, ...row }))
            .sort(byId),
        }).toEqual({
          ...context,
          documents: bruteDocuments(tasks, p).map((d) => expect.objectContaining(d)),
        });
        for (const status of ['in_progress', 'completed', 'cancelled'] as const)
          expect(await counterTotal(t.dataSource, scope, { documentId, status, overdue: false }, p)).toBe(
            count(tasks, (x) => x.status === status && !(x.od !== null && x.od < p.today)),
          );
      }
      const tasks = bruteTasks(s, key);
      const lights = { red: 0, yellow: 0, green: 0 };
      for (const x of tasks) lights[lightOf(x, p)] += 1;
      expect({ label, key, lights: await counterLights(t.dataSource, scope, {}, p) }).toEqual({
        label,
        key,
        lights,
      });
      for (const light of ['red', 'yellow', 'green'] as const) {
        expect(await counterTotal(t.dataSource, scope, { light }, p)).toBe(lights[light]);
        const open = tasks.filter((x) => x.status === 'in_progress' && lightOf(x, p) === light);
        expect(
          await counterTotal(t.dataSource, scope, { light, status: 'in_progress', dueSoon: false }, p),
        ).toBe(count(open, (x) => !(x.od !== null && x.od >= p.today && x.od <= p.dueSoonUntil)));
      }
      expect(await counterTotal(t.dataSource, scope, { dueSoon: true }, p)).toBe(
        bruteOverview(tasks, p).dueSoon,
      );
      const units = (await everything(counterByUnit, scope, {}, p))
        .map(({ id, name, completionRate: _rate, ...row }) => ({ unitId: id, unitName: name, ...row }))
        .sort((a, b) => a.unitId.localeCompare(b.unitId));
      expect({ label, key, units }).toEqual({ label, key, units: bruteUnits(s, key, p) });
      const counted = (await counterBehind(t.dataSource, scope, {}, p, 1000)) ?? [];
      const behind = counted
        .map(({ unitId, unitName, behind: n }) => ({ unitId, unitName, behind: n }))
        .sort((a, b) => a.unitId.localeCompare(b.unitId));
      expect({ label, key, behind }).toEqual({ label, key, behind: bruteBehind(s, key, p) });
      // Beside each unit behind, its shares' figures.
      const shared = new Map(bruteShares(s, p).map((row) => [row.unitId, row]));
      expect({
        label,
        key,
        figures: counted.map(({ unitId, gap, yellow }) => ({ unitId, gap, yellow })),
      }).toEqual({
        label,
        key,
        figures: counted.map(({ unitId }) => ({
          unitId,
          gap: shared.get(unitId)?.gap ?? null,
          yellow: shared.get(unitId)?.yellow ?? 0,
        })),
      });
      if (key === NIL_UUID) {
        const shares = (await counterShares(t.dataSource, [...unitsInside(s, key).keys()], p)).sort((a, b) =>
          a.unitId.localeCompare(b.unitId),
        );
        expect({ label, shares }).toEqual({ label, shares: bruteShares(s, p) });
      }
      const from = '2023-02-20';
      const to = addDays(p.today, 3);
      expect({
        label,
        key,
        trend: await counterTrend(t.dataSource, scope, {}, p, { from, to, interval: 'day' }),
      }).toEqual({ label, key, trend: bruteTrend(tasks, p, from, to) });
    }
  }

  const rankSort: RankingSort = { by: 'total', order: 'desc', page: 1, pageSize: 1000 };
  /** Every row of a counter ranking (one page large enough for the fixture), or a failure when it declines. */
  async function everything(
    ranking: typeof counterByUnit,
    scope: Scope,
    filters: { documentId?: string },
    p: SignalParams,
  ): Promise<Ranked[]> {
    const page = await ranking(t.dataSource, scope, filters, p, rankSort);
    if (!page) throw new Error('the counters declined');
    expect(page.total).toBe(page.items.length);
    return page.items;
  }

  const get = async (path: string, headers: Headers = supervisor) =>
    (await t.http().get(path).set(headers).expect(200)).body;
  const listed = async (query: string, headers: Headers = supervisor) =>
    (await get(`/api/v1/tasks?pageSize=1&${query}`, headers)).total;

  /** The API's cards, lights and ranking equal their drill-down lists, with the cockpit's region filter. */
  async function expectCardsEqualLists(query: string) {
    const cards = await get(`/api/v1/stats/overview?${query}`);
    expect({
      total: await listed(query),
      completed: await listed(`${query}&status=completed`),
      inProgress: await listed(`${query}&status=in_progress`),
      overdue: await listed(`${query}&overdue=true`),
      dueSoon: await listed(`${query}&dueSoon=true`),
    }).toEqual({
      total: cards.total,
      completed: cards.completed,
      inProgress: cards.inProgress,
      overdue: cards.overdue,
      dueSoon: cards.dueSoon,
    });
    const { lights, behindUnits } = await get(`/api/v1/stats/cockpit?${query}`);
    for (const light of ['red', 'yellow', 'green'])
      expect({ light, n: await listed(`${query}&light=${light}`) }).toEqual({ light, n: lights[light] });
    for (const unit of behindUnits)
      expect({
        unit: unit.unitName,
        yellow: await listed(`${query}&unitId=${unit.unitId}&light=yellow`),
      }).toEqual({
        unit: unit.unitName,
        yellow: unit.yellowTasks,
      });
    const { items: units } = await get(`/api/v1/stats/units?sort=overdue&order=desc&pageSize=200&${query}`);
    for (const unit of units)
      expect({
        unit: unit.unitName,
        total: await listed(`${query}&unitId=${unit.unitId}`),
        overdue: await listed(`${query}&unitId=${unit.unitId}&overdue=true`),
      }).toEqual({ unit: unit.unitName, total: unit.total, overdue: unit.overdue });
    const { items: documents } = await get(`/api/v1/stats/documents?pageSize=200&${query}`);
    for (const document of documents)
      expect({
        total: await listed(`${query}&documentId=${document.documentId}`),
        overdue: await listed(`${query}&documentId=${document.documentId}&overdue=true`),
      }).toEqual({ total: document.total, overdue: document.overdue });
    const { items: trend } = await get(`/api/v1/stats/trend?interval=day&${query}`);
    expect(trend.at(-1).completionRate).toBe(cards.completionRate);
  }

  const adHoc = async (body: Record<string, unknown>, headers: Headers = supervisor) =>
    (await t.http().post('/api/v1/tasks').set(headers).send(body).expect(201)).body;
  const assignmentOf = async (taskId: string, unitId: string) =>
    (
      await t.dataSource.query(
        'SELECT id, version, status FROM assignment WHERE task_id = $1 AND unit_id = $2',
        [taskId, unitId],
      )
    )[0];
  const version = async (taskId: string) =>
    (await t.dataSource.query('SELECT version FROM task WHERE id = $1', [taskId]))[0].version;

  it('after publishing and ad hoc tasks (the migration backfilled the empty tables, triggers since)', async () => {
    const u = t.fixture.units;
    await adHoc({
      title: '县级专项',
      deadline: '2023-04-15',
      leadUnitIds: [u.countyA.id],
      responsibleUnitIds: [u.finance.id],
    });
    await adHoc({ title: '长期任务', ongoing: true, leadUnitIds: [u.market.id] });
    await adHoc({ title: '另市任务', deadline: '2023-03-14', leadUnitIds: [u.otherDept.id] }, admin);
    await expectCountersExact('published');
    await expectCardsEqualLists('');
  });

  it('after accept, reports (序时进度), an extension and a completion', async () => {
    const u = t.fixture.units;
    const lead = await sample.assignment(0, u.approval.id);
    await t.http().post(`/api/v1/assignments/${lead.id}/accept`).set(approval).expect(200);
    await t
      .http()
      .post(`/api/v1/assignments/${lead.id}/reports`)
      .set(approval)
      .send({ content: '已完成流程梳理', progress: 40 })
      .expect(201);
    const extension = await t
      .http()
      .post(`/api/v1/assignments/${lead.id}/extension-requests`)
      .set(approval)
      .send({ requestedDeadline: '2023-08-31', reason: '系统对接需延长' })
      .expect(201);
    await t
      .http()
      .post(`/api/v1/extension-requests/${extension.body.id}/decide`)
      .set(supervisor)
      .send({ decision: 'approve' })
      .expect(200);
    await expectCountersExact('extended');
    // Task 3: 市场监管局 completes through the API, the other units' shares are written in SQL (any writer).
    const third = await sample.assignment(2, u.market.id);
    await t.http().post(`/api/v1/assignments/${third.id}/accept`).set(market).expect(200);
    await t
      .http()
      .post(`/api/v1/assignments/${third.id}/completion-request`)
      .set(market)
      .send({ summary: '已全部完成' })
      .expect(200);
    await t
      .http()
      .post(`/api/v1/assignments/${third.id}/complete`)
      .set(supervisor)
      .send({ decision: 'approve' })
      .expect(200);
    await t.dataSource.query(
      `UPDATE assignment SET status = 'completed', progress = 100, completed_at = $2 WHERE task_id = $1 AND status <> 'completed'`,
      [sample.taskIds[2], t.clock.now()],
    );
    await t.dataSource.query(`UPDATE task SET status = 'completed', completed_at = $2 WHERE id = $1`, [
      sample.taskIds[2],
      t.clock.now(),
    ]);
    await expectCountersExact('completed');
    await expectCardsEqualLists('');
  });

  it('after cancel, return and reassign, and a deadline edit', async () => {
    const u = t.fixture.units;
    const [county] = await t.dataSource.query(`SELECT id FROM task WHERE title = '县级专项'`);
    await t
      .http()
      .patch(`/api/v1/tasks/${county.id}`)
      .set(supervisor)
      .send({ deadline: '2023-03-12', version: await version(county.id) })
      .expect(200);
    // A start date moved in SQL (any writer): 序时进度 of the task's assignments moves with it.
    await t.dataSource.query('UPDATE task SET start_date = start_date - 90 WHERE id = $1', [
      sample.taskIds[0],
    ]);
    // Deadlines moved in SQL on a document's task: its open deadline moves, its status does not.
    await t.dataSource.query(
      `UPDATE assignment SET deadline = '2023-03-11' WHERE task_id = $1 AND status <> 'completed'`,
      [sample.taskIds[1]],
    );
    await expectCountersExact('deadline edited');
    const [ongoing] = await t.dataSource.query(`SELECT id FROM task WHERE title = '长期任务'`);
    await t
      .http()
      .post(`/api/v1/tasks/${ongoing.id}/cancel`)
      .set(supervisor)
      .send({ reason: '任务调整，不再督办' })
      .expect(200);
    const returned = await assignmentOf(sample.taskIds[1], u.approval.id);
    await t
      .http()
      .post(`/api/v1/assignments/${returned.id}/return`)
      .set(approval)
      .send({ reason: '不属于本单位职责' })
      .expect(200);
    await t
      .http()
      .post(`/api/v1/assignments/${returned.id}/reassign`)
      .set(supervisor)
      .send({ unitId: u.market.id })
      .expect(200);
    await expectCountersExact('cancelled and reassigned');
    await expectCardsEqualLists(`regionId=${u.countyA.id}`);
  });

  it('as days pass, compacted or not, and with the clock set back before the folded days', async () => {
    const u = t.fixture.units;
    await compactFigures(t.dataSource, t.clock.today());
    await expectCountersExact('compacted');
    for (const today of ['2023-03-13', '2023-04-20', '2023-07-15']) {
      t.clock.set(at(today));
      await expectCountersExact(`${today}, deltas kept`);
      await compactFigures(t.dataSource, today);
      await expectCountersExact(`${today}, folded`);
    }
    const [{ rows }] = await t.dataSource.query(
      `SELECT count(*)::int AS rows FROM figure_task WHERE open_deadline > '-infinity' AND open_deadline < $1`,
      ['2023-07-15'],
    );
    expect(rows).toBe(0);
    await expectCardsEqualLists(`regionId=${u.city.id}`);
    // Before the folded days the counters cannot tell: they decline and the rows answer, still equal.
    t.clock.set(at('2023-03-20'));
    const p = await signals();
    expect(await counterOverview(t.dataSource, { unitId: null, ownUnitOnly: false }, {}, p)).toBeNull();
    expect(
      await counterTotal(t.dataSource, { unitId: null, ownUnitOnly: false }, { overdue: true }, p),
    ).toBeNull();
    expect(await counterBehind(t.dataSource, { unitId: null, ownUnitOnly: false }, {}, p, 10)).toBeNull();
    expect(
      await counterByDocument(t.dataSource, { unitId: null, ownUnitOnly: false }, {}, p, rankSort),
    ).toBeNull();
    await expectCardsEqualLists('');
    const cards = await get('/api/v1/stats/overview', admin);
    const { onTime: _onTime, ...brute } = bruteOverview(bruteTasks(await snapshot(), NIL_UUID), p);
    expect(cards).toMatchObject(brute);
    t.clock.set(at('2023-07-16'));
  });

  it('stays exact under parallel writers and a compactor running beside them', async () => {
    const u = t.fixture.units;
    const units = [u.approval.id, u.market.id, u.finance.id, u.countyA.id, u.countyB.id];
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        adHoc({
          title: `并发任务${i + 1}`,
          deadline: addDays('2023-07-16', (i % 4) * 10 - 5),
          leadUnitIds: [units[i % 5]],
          responsibleUnitIds: [units[(i + 2) % 5]],
        }),
      ),
    );
    let compacting = true;
    const compactor = (async () => {
      while (compacting) await compactFigures(t.dataSource, t.clock.today());
    })();
    const writes = created.flatMap((task: { id: string }, i: number) => {
      const lead = units[i % 5];
      const clerk = lead === u.approval.id ? approval : lead === u.market.id ? market : null;
      if (i % 6 === 5)
        return [t.dataSource.query(`UPDATE task SET status = 'cancelled' WHERE id = $1`, [task.id])];
      return [
        (async () => {
          const a = await assignmentOf(task.id, lead);
          if (clerk) {
            await t.http().post(`/api/v1/assignments/${a.id}/accept`).set(clerk).expect(200);
            for (const progress of [20, 50, 80])
              await t
                .http()
                .post(`/api/v1/assignments/${a.id}/reports`)
                .set(clerk)
                .send({ content: `进展${progress}`, progress })
                .expect(201);
          } else
            await t.dataSource.query(
              `UPDATE assignment SET status = 'completed', progress = 100, completed_at = $2 WHERE id = $1`,
              [a.id, t.clock.now()],
            );
        })(),
      ];
    });
    await Promise.all(writes);
    compacting = false;
    await compactor;
    await expectCountersExact('parallel writers');
    await compactFigures(t.dataSource, t.clock.today());
    await expectCountersExact('parallel writers, compacted');
    const [{ deltas }] = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM figure_task_delta) + (SELECT count(*) FROM figure_unit_delta)
            + (SELECT count(*) FROM figure_day_delta) + (SELECT count(*) FROM figure_behind_delta)
            + (SELECT count(*) FROM figure_document_delta) AS deltas`,
    );
    expect(Number(deltas)).toBe(0);
    await expectCardsEqualLists('');
  });

  it('rebuilds to the same counters (seed:load)', async () => {
    const dump = async () => [
      await t.dataSource.query(
        `SELECT scope_unit, document_id, status, open_deadline::text, behind_from::text, on_time, sum(n)::int AS n
           FROM (SELECT * FROM figure_task UNION ALL SELECT * FROM figure_task_delta) f
          GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4, 5, 6`,
      ),
      await t.dataSource.query(
        `SELECT unit_id, behind_from::text, sum(n)::int AS n
           FROM (SELECT * FROM figure_behind UNION ALL SELECT * FROM figure_behind_delta) f
          GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2`,
      ),
      await t.dataSource.query(
        `SELECT scope_unit, document_id, done, mark::text, sum(n)::int AS n
           FROM (SELECT * FROM figure_document UNION ALL SELECT * FROM figure_document_delta) f
          GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4`,
      ),
    ];
    await compactFigures(t.dataSource, t.clock.today());
    const before = await dump();
    await t.dataSource.query('SELECT duban_rebuild_rollups()');
    await compactFigures(t.dataSource, t.clock.today());
    expect(await dump()).toEqual(before);
    await expectCountersExact('rebuilt');
  });

  it('pages the kept ranks as the summed counters do, with deltas pending and as the day moves', async () => {
    const u = t.fixture.units;
    const ranksFor = async () =>
      (await t.dataSource.query(`SELECT ranked_on::text AS day FROM figure_rank_day`))[0].day;
    /**
     * Every sort, order and page of 2 of both rankings, for every key, and the cockpit's shares of every
     * unit: kept ranks and share sums, then the summed counters and shares.
     */
    async function expectKeptEqualSummed(label: string) {
      const p = await signals();
      expect({ label, ranked: await ranksFor() }).toEqual({ label, ranked: p.today });
      // The share sums kept by the triggers are figure_share's own, as of the rank day.
      expect({
        label,
        sums: await t.dataSource.query(
          'SELECT unit_id, shares, dated, gap::int, behind FROM figure_share_unit ORDER BY unit_id',
        ),
      }).toEqual({
        label,
        sums: await t.dataSource.query(
          `SELECT unit_id, count(*)::int AS shares, count(live_deadline)::int AS dated,
                  COALESCE(sum(duban_expected_progress(start_date, live_deadline, $1) - progress), 0)::int AS gap,
                  (count(*) FILTER (WHERE duban_behind_yellow(open_deadline, behind_from, $1)))::int AS behind
             FROM figure_share GROUP BY unit_id ORDER BY unit_id`,
          [p.today],
        ),
      });
      const unitIds: string[] = (await t.dataSource.query('SELECT id FROM unit')).map(
        (unit: { id: string }) => unit.id,
      );
      // Statements per read: a kept page answers in one, a read that falls back to the sums in two.
      const statements = new Map<string, number[]>();
      const query = jest.spyOn(t.dataSource, 'query');
      const pages = async () => {
        const out: unknown[] = [];
        statements.clear();
        for (const key of keys()) {
          const scope: Scope = { unitId: key === NIL_UUID ? null : key, ownUnitOnly: false };
          for (const [ranking, sorts] of [
            [counterByUnit, ['completionRate', 'overdue', 'total']],
            [counterByDocument, ['title', 'completionRate', 'overdue', 'total']],
          ] as const)
            for (const by of sorts)
              for (const order of ['asc', 'desc'] as const)
                for (const page of [1, 2, 3, 9]) {
                  const issued = query.mock.calls.length;
                  out.push({
                    label,
                    key,
                    by,
                    order,
                    page,
                    answer: await ranking(t.dataSource, scope, {}, p, { by, order, page, pageSize: 2 }),
                  });
                  const name = `${ranking.name} ${key}`;
                  statements.set(name, [...(statements.get(name) ?? []), query.mock.calls.length - issued]);
                }
        }
        // The cockpit's reads: every unit's shares, and the units behind with theirs.
        const everyone: Scope = { unitId: null, ownUnitOnly: false };
        for (const [name, read] of [
          [counterShares.name, () => counterShares(t.dataSource, unitIds, p)],
          [counterBehind.name, () => counterBehind(t.dataSource, everyone, {}, p, 1000)],
        ] as const) {
          const issued = query.mock.calls.length;
          const rows: { unitId: string }[] = (await read()) ?? [];
          out.push({ label, name, rows: rows.sort((a, b) => a.unitId.localeCompare(b.unitId)) });
          statements.set(name, [query.mock.calls.length - issued]);
        }
        return out;
      };
      const kept = await pages();
      // The kept ranks answered: every unit page, the documents of everything (a ranked scope), the shares.
      const keptStatements = new Map(statements);
      // The ranks set aside: the same reads sum the counters.
      await t.dataSource.query(`UPDATE figure_rank_day SET ranked_on = 'infinity'`);
      const summed = await pages();
      const summedStatements = new Map(statements);
      await t.dataSource.query(`UPDATE figure_rank_day SET ranked_on = $1`, [p.today]);
      query.mockRestore();
      expect(kept).toEqual(summed);
      for (const [name, counts] of keptStatements)
        if (
          name.startsWith(counterByUnit.name) ||
          name === `${counterByDocument.name} ${NIL_UUID}` ||
          name === counterShares.name ||
          name === counterBehind.name
        )
          expect({ label, name, counts: new Set(counts) }).toEqual({ label, name, counts: new Set([1]) });
      // Falling back, counterBehind declines and sums twice: its units, then their shares.
      for (const [name, counts] of summedStatements)
        expect({ label, name, counts: new Set(counts) }).toEqual({
          label,
          name,
          counts: new Set([name === counterBehind.name ? 4 : 2]),
        });
    }

    await compactFigures(t.dataSource, t.clock.today());
    await expectKeptEqualSummed('compacted');
    // Writes after the compaction: deltas pending, read beside the ranks.
    const task = await adHoc({
      title: '排名任务',
      deadline: addDays(t.clock.today(), -2),
      leadUnitIds: [u.finance.id],
    });
    await t.dataSource.query(
      `UPDATE assignment SET status = 'completed', progress = 100, completed_at = $2 WHERE task_id = $1`,
      [sample.taskIds[1], t.clock.now()],
    );
    await t.dataSource.query(`UPDATE task SET status = 'completed', completed_at = $2 WHERE id = $1`, [
      sample.taskIds[1],
      t.clock.now(),
    ]);
    await t.dataSource.query(`UPDATE assignment SET deadline = $2 WHERE task_id = $1`, [
      task.id,
      addDays(t.clock.today(), 5),
    ]);
    await expectCountersExact('ranked, deltas pending');
    await expectKeptEqualSummed('deltas pending');
    // A unit and a document renamed: the ranks' copies follow (the sorts' ties go by the name).
    await t.dataSource.query(`UPDATE unit SET name = name || '（改）' WHERE id = $1`, [u.finance.id]);
    await t.dataSource.query(`UPDATE policy_document SET title = '甲' || title WHERE id = $1`, [
      sample.documentId,
    ]);
    await compactFigures(t.dataSource, t.clock.today());
    await expectKeptEqualSummed('renamed');
    // The next day: before its compaction the ranks decline; after it they stand for the new day.
    t.clock.set(at(addDays(t.clock.today(), 3)));
    const p = await signals();
    const declined = await t.dataSource.query(`SELECT ranked_on <> $1::date AS stale FROM figure_rank_day`, [
      p.today,
    ]);
    expect(declined[0].stale).toBe(true);
    await expectCountersExact('next day, ranks behind');
    await compactFigures(t.dataSource, p.today);
    await expectKeptEqualSummed('next day');
    await expectCountersExact('next day, ranked');
    // A clock set back: a compaction that moves rows on another day leaves the ranks marked stale.
    await t.dataSource.query(`UPDATE task SET status = 'cancelled' WHERE id = $1`, [task.id]);
    await compactFigures(t.dataSource, addDays(p.today, -1));
    expect(await ranksFor()).toBe('infinity');
    await compactFigures(t.dataSource, p.today);
    await expectKeptEqualSummed('after a clock set back');
    await expectCountersExact('after a clock set back');
  });

  it('pages the unit and document rankings in their sort, with the number of rows', async () => {
    const key = (row: Record<string, number>, by: string) =>
      by === 'completionRate' ? row.completionRate : row[by];
    for (const [route, sorts] of [
      ['units', ['completionRate', 'overdue', 'total']],
      ['documents', ['title', 'completionRate', 'overdue', 'total']],
    ] as const)
      for (const region of ['', `&regionId=${t.fixture.units.city.id}`])
        for (const by of sorts)
          for (const order of ['asc', 'desc']) {
            const query = `/api/v1/stats/${route}?sort=${by}&order=${order}${region}`;
            const whole = await get(`${query}&pageSize=200`);
            expect(whole.total).toBe(whole.items.length);
            const walked = [];
            for (let page = 1; page <= Math.ceil(whole.total / 2) + 1; page++) {
              const part = await get(`${query}&pageSize=2&page=${page}`);
              expect({ query, page, total: part.total, pageSize: part.pageSize }).toEqual({
                query,
                page,
                total: whole.total,
                pageSize: 2,
              });
              expect(part.items.length).toBe(Math.max(0, Math.min(2, whole.total - (page - 1) * 2)));
              walked.push(...part.items);
            }
            expect(walked).toEqual(whole.items);
            if (by !== 'title') {
              const keys = whole.items.map((row: Record<string, number>) => key(row, by));
              expect(keys).toEqual([...keys].sort((a, b) => (order === 'asc' ? a - b : b - a)));
            }
          }
    const { items } = await get('/api/v1/stats/units?sort=total&order=desc&pageSize=200');
    expect(items.length).toBeGreaterThan(2);
  });

  it('computes 序时进度 in SQL as expectedProgress() does (integer arithmetic, halves rounded up)', async () => {
    const start = '2023-03-01';
    const cases: { startDate: string; deadline: string | null; today: string }[] = [];
    for (const span of [-3, 0, 1, 3, 7, 8, 40, 99, 200, 201, 365])
      for (const elapsed of [-400, -201, -200, -1, 0, 1, 2, 3, 5, 7, 20, 199, 200, 201, 400])
        cases.push({ startDate: start, deadline: addDays(start, span), today: addDays(start, elapsed) });
    cases.push({ startDate: start, deadline: null, today: start });
    const rows: { expected: number | null }[] = await t.dataSource.query(
      `SELECT duban_expected_progress(c."startDate"::date, c.deadline::date, c.today::date) AS expected
         FROM jsonb_to_recordset($1::jsonb) AS c("startDate" text, deadline text, today text)`,
      [JSON.stringify(cases)],
    );
    expect(rows.map((row) => row.expected)).toEqual(
      cases.map((c) => expectedProgress({ startDate: c.startDate, deadline: c.deadline } as never, c.today)),
    );
  });
});
