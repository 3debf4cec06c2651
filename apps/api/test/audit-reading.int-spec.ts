import { TOTAL_CAP } from '@duban/contracts';
import { publishSample, type PublishedSample } from './support/published';
import { createTestApp, type TestApp } from './support/test-app';

// 审计日志 as a person reads it: each workflow step once, the actor's unit, filters by unit and by a picked person.
describe('audit log for readers', () => {
  let t: TestApp;
  let sample: PublishedSample;

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2023-03-10T02:00:00Z') });
    sample = await publishSample(t);
    const clerk = await t.login('approval');
    const assignment = await sample.assignment(0, t.fixture.units.approval.id);
    await t.http().post(`/api/v1/assignments/${assignment.id}/accept`).set(clerk).expect(200);
    await t
      .http()
      .post(`/api/v1/assignments/${assignment.id}/reports`)
      .set(clerk)
      .send({ content: '已梳理审批事项清单。', progress: 30 })
      .expect(201);
  });
  afterAll(() => t?.close());

  const list = async (query: string) =>
    (
      await t
        .http()
        .get(`/api/v1/audit?pageSize=200${query}`)
        .set(await t.login('supervisor'))
        .expect(200)
    ).body;

  it('lists a report once (the assignment step), with the actor’s unit', async () => {
    const body = await list('');
    const actions = body.items.map((e: { action: string }) => e.action);
    expect(actions).toContain('assignment.report');
    expect(actions).not.toContain('report.submit');
    expect(body.total).toBe(body.items.length);
    const report = body.items.find((e: { action: string }) => e.action === 'assignment.report');
    expect(report).toMatchObject({ actorName: 'approval', actorUnitName: '测试市行政审批局' });
    // Asked for by type, the report's own row is there.
    const reports = await list('&entityType=report');
    expect(reports.items.map((e: { action: string }) => e.action)).toEqual(['report.submit']);
  });

  it('filters by unit and by a person picked by name', async () => {
    const byUnit = await list(`&unitId=${t.fixture.units.approval.id}`);
    expect(byUnit.items.length).toBeGreaterThan(0);
    expect(new Set(byUnit.items.map((e: { actorUnitName: string }) => e.actorUnitName))).toEqual(
      new Set(['测试市行政审批局']),
    );
    const picked = await t
      .http()
      .get('/api/v1/audit/actors?q=appro')
      .set(await t.login('supervisor'))
      .expect(200);
    expect(picked.body).toEqual([
      { id: t.fixture.users.approvalClerk.id, displayName: 'approval', unitName: '测试市行政审批局' },
    ]);
    const byPerson = await list(`&actorId=${picked.body[0].id}`);
    expect(byPerson.items.map((e: { action: string }) => e.action).sort()).toEqual([
      'assignment.accept',
      'assignment.report',
    ]);
    // Another city's supervisor finds nobody from this city.
    const other = await t
      .http()
      .get('/api/v1/audit/actors?q=appro')
      .set(await t.login('other_supervisor'))
      .expect(200);
    expect(other.body).toEqual([]);
  });

  it('stops counting the trail at TOTAL_CAP (10,000+) and refuses pages beyond it', async () => {
    // System entries (no actor) a minute before the sample's, as many as the cap and a few more.
    await t.dataSource.query(
      `INSERT INTO audit_entry (at, action, entity_type, entity_id)
       SELECT '2023-03-10T01:00:00Z'::timestamptz - g * interval '1 ms', 'reminder.sweep', 'sweep', g::text
         FROM generate_series(1, $1::int) g`,
      [TOTAL_CAP + 50],
    );
    const admin = await t.login('admin');
    const first = (await t.http().get('/api/v1/audit?pageSize=20').set(admin).expect(200)).body;
    expect(first).toMatchObject({ total: TOTAL_CAP, totalCapped: true });
    expect(first.items).toHaveLength(20);
    // Within the cap a page is served; past it the clerk is told to narrow the filters.
    await t
      .http()
      .get(`/api/v1/audit?pageSize=100&page=${TOTAL_CAP / 100}`)
      .set(admin)
      .expect(200);
    const beyond = await t
      .http()
      .get(`/api/v1/audit?pageSize=100&page=${TOTAL_CAP / 100 + 1}`)
      .set(admin)
      .expect(400);
    expect(beyond.body.message).toContain('页码过大');
    // A supervisor's own jurisdiction still counts exactly (the sweep entries are the admin's to read).
    const mine = await list('');
    expect(mine).toMatchObject({ total: mine.items.length, totalCapped: false });
  });
});
