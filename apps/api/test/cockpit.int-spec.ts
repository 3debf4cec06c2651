import { publishSample, type PublishedSample } from './support/published';
import { createTestApp, type TestApp } from './support/test-app';

// The leader's 驾驶舱: every figure equals the task list it drills down to.
describe('cockpit', () => {
  let t: TestApp;
  let sample: PublishedSample;

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2023-03-10T02:00:00Z') });
    sample = await publishSample(t);
    await t
      .http()
      .post(`/api/v1/tasks/${sample.taskIds[1]}/comments`)
      .set(await t.login('leader'))
      .send({ content: '请财政局加快资金拨付' })
      .expect(201);
    // Three months on, nothing reported: the June deadlines trail 序时进度.
    t.clock.set(new Date('2023-06-01T02:00:00Z'));
  });
  afterAll(() => t?.close());

  const get = async (path: string) =>
    (
      await t
        .http()
        .get(`/api/v1${path}`)
        .set(await t.login('leader'))
        .expect(200)
    ).body;

  it('counts lights, units behind 序时进度 and tasks with 批示 as their drill-down lists do', async () => {
    const view = await get('/stats/cockpit');
    const all = await get('/tasks?pageSize=1');
    expect(view.lights.red + view.lights.yellow + view.lights.green).toBe(all.total);
    for (const light of ['red', 'yellow', 'green'])
      expect(view.lights[light]).toBe((await get(`/tasks?pageSize=1&light=${light}`)).total);
    expect(view.lights.yellow).toBeGreaterThan(0);

    expect(view.behindUnits.length).toBeGreaterThan(0);
    for (const unit of view.behindUnits) {
      // Nothing reported in three months: every share of a June deadline trails by far.
      expect(unit.behind).toBeGreaterThan(0);
      expect(unit.gap).toBeGreaterThan(30);
      expect(unit.yellowTasks).toBe(
        (await get(`/tasks?pageSize=1&unitId=${unit.unitId}&light=yellow`)).total,
      );
    }
    const behind = view.behindUnits.map((u: { behind: number }) => u.behind);
    expect(behind).toEqual([...behind].sort((a, b) => b - a));
    // A document filter is not in the counter: the rows answer, and agree with the list the same way.
    const filtered = await get(`/stats/cockpit?documentId=${sample.documentId}`);
    expect(filtered.behindUnits).toEqual(view.behindUnits);

    expect(view.instructed).toEqual({
      total: 1,
      items: [
        expect.objectContaining({
          taskId: sample.taskIds[1],
          instruction: '请财政局加快资金拨付',
          authorName: 'leader',
        }),
      ],
    });
  });

  it('takes the task list’s document and unit filters', async () => {
    const unitId = t.fixture.units.market.id;
    const view = await get(`/stats/cockpit?documentId=${sample.documentId}&unitId=${unitId}`);
    for (const light of ['red', 'yellow', 'green'])
      expect(view.lights[light]).toBe(
        (await get(`/tasks?pageSize=1&light=${light}&documentId=${sample.documentId}&unitId=${unitId}`))
          .total,
      );
    expect(view.instructed.total).toBe(0);
  });

  it('filters by region: a city takes in the tasks of every unit under it', async () => {
    const { city, otherCity } = t.fixture.units;
    const all = await get('/tasks?pageSize=1');
    const region = await get(`/tasks?pageSize=1&regionId=${city.id}`);
    expect(region.total).toBe(all.total);
    expect((await get(`/tasks?pageSize=1&unitId=${city.id}`)).total).toBeLessThan(region.total);
    expect((await get(`/tasks?pageSize=1&regionId=${otherCity.id}`)).total).toBe(0);
    const view = await get(`/stats/cockpit?regionId=${city.id}`);
    expect(view.lights.red + view.lights.yellow + view.lights.green).toBe(region.total);
    expect((await get(`/stats/overview?regionId=${city.id}`)).total).toBe(region.total);
  });
});
