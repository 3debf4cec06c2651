import { publishSample, type PublishedSample } from './support/published';
import { createTestApp, type TestApp } from './support/test-app';

/** Every dashboard figure equals the total of the list it drills down to (issue 11: the ranking did not). */
describe('dashboard: cards and the unit ranking equal their drill-down lists', () => {
  let t: TestApp;
  let sample: PublishedSample;
  let supervisor: { Authorization: string };
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2023-03-10T10:00:00+08:00') });
    sample = await publishSample(t);
    supervisor = await t.login('supervisor');
    // Mixed states written straight in SQL (the triggers keep the signals honest for any writer): on task 2
    // 审批局 has finished its share while 财政局 is late, so the task is overdue but 审批局's work is not;
    // task 3 is completed; everything else open and, by the clock below, overdue.
    const approval = t.fixture.units.approval.id;
    await t.dataSource.query(
      `UPDATE assignment SET status = 'completed', progress = 100 WHERE task_id = $1 AND unit_id = $2`,
      [sample.taskIds[1], approval],
    );
    await t.dataSource.query(
      `UPDATE assignment SET status = 'completed', progress = 100 WHERE task_id = $1`,
      [sample.taskIds[2]],
    );
    await t.dataSource.query(`UPDATE task SET status = 'completed', completed_at = now() WHERE id = $1`, [
      sample.taskIds[2],
    ]);
    t.clock.set(new Date('2030-01-02T10:00:00+08:00'));
  });
  afterAll(() => t.close());

  const get = async (path: string) => (await t.http().get(path).set(supervisor).expect(200)).body;
  const listed = async (query: string) => (await get(`/api/v1/tasks?pageSize=1&${query}`)).total;

  it('for every card of the overview', async () => {
    const cards = await get('/api/v1/stats/overview');
    expect(cards).toMatchObject({ total: 3, completed: 1, inProgress: 2, overdue: 2 });
    expect({
      total: await listed(''),
      completed: await listed('status=completed'),
      inProgress: await listed('status=in_progress'),
      overdue: await listed('overdue=true'),
      dueSoon: await listed('dueSoon=true'),
    }).toEqual({
      total: cards.total,
      completed: cards.completed,
      inProgress: cards.inProgress,
      overdue: cards.overdue,
      dueSoon: cards.dueSoon,
    });
  });

  it('for every unit of the ranking, counting the unit’s own assignment', async () => {
    const { items } = await get('/api/v1/stats/units?sort=overdue&order=desc&pageSize=200');
    const approval = items.find((unit: { unitId: string }) => unit.unitId === t.fixture.units.approval.id);
    expect(approval).toMatchObject({ total: 2, completed: 1, overdue: 1 });
    for (const unit of items) {
      expect({
        unit: unit.unitName,
        total: await listed(`unitId=${unit.unitId}`),
        overdue: await listed(`unitId=${unit.unitId}&overdue=true`),
      }).toEqual({ unit: unit.unitName, total: unit.total, overdue: unit.overdue });
    }
  });
});
