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
});
