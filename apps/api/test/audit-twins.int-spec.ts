import { AUDIT_CHILD_TWINS } from '@duban/contracts';
import { AuditTrailTwins1796270000000 } from '../src/database/migrations/1796270000000-audit-trail-twins';
import { publishSample } from './support/published';
import { createTestApp, type TestApp } from './support/test-app';

// A report's or extension request's audit row is the twin of its assignment's row (the same step): marked when
// written (rows written before the marker: by the migration), left out of the trail unless the reader asks
// for the child's entity type or id, exactly as the trail's read-time rule (WAS_TWIN below) left them out.
describe('audit trail twins', () => {
  let t: TestApp;
  let assignmentId: string;
  const reportIds: string[] = [];
  const extensionIds: string[] = [];

  /** The rule the trail applied on every read before the marker: a child row with its twin action at the same instant by the same actor. */
  const WAS_TWIN = `EXISTS (SELECT 1 FROM audit_entry tw
      JOIN unnest($1::text[], $2::text[]) AS p(child, twin) ON p.twin = tw.action
     WHERE p.child = a.action AND tw.at = a.at AND tw.actor_id IS NOT DISTINCT FROM a.actor_id)`;
  const pairs = [Object.keys(AUDIT_CHILD_TWINS), Object.values(AUDIT_CHILD_TWINS)];

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2023-03-10T02:00:00Z') });
    const sample = await publishSample(t);
    const clerk = await t.login('approval');
    const supervisor = await t.login('supervisor');
    assignmentId = (await sample.assignment(0, t.fixture.units.approval.id)).id;
    const on = (path: string) => `/api/v1/assignments/${assignmentId}/${path}`;
    await t.http().post(on('accept')).set(clerk).expect(200);
    for (const decision of ['approve', 'reject']) {
      const report = await t
        .http()
        .post(on('reports'))
        .set(clerk)
        .send({ content: '已梳理审批事项清单。', progress: 30 })
        .expect(201);
      reportIds.push(report.body.id);
      await t
        .http()
        .post(`/api/v1/reports/${report.body.id}/review`)
        .set(supervisor)
        .send({ decision, comment: '意见' })
        .expect(200);
    }
    for (const [decision, requestedDeadline] of [
      ['approve', '2023-08-31'],
      ['reject', '2023-09-30'],
    ]) {
      const extension = await t
        .http()
        .post(on('extension-requests'))
        .set(clerk)
        .send({ requestedDeadline, reason: '系统对接需延长' })
        .expect(201);
      extensionIds.push(extension.body.id);
      await t
        .http()
        .post(`/api/v1/extension-requests/${extension.body.id}/decide`)
        .set(supervisor)
        .send({ decision })
        .expect(200);
    }
    // Rows written by SQL (as the bulk loads do), never marked by a writer: a system step's pair, a child
    // without its assignment's row, and a child whose assignment row has another actor.
    await t.dataSource.query(
      `INSERT INTO audit_entry (at, actor_id, action, entity_type, entity_id) VALUES
         ('2023-03-01T01:00:00Z', NULL, 'report.submit', 'report', 'loaded-pair'),
         ('2023-03-01T01:00:00Z', NULL, 'assignment.report', 'assignment', 'loaded-pair'),
         ('2023-03-01T02:00:00Z', NULL, 'extension.request', 'extension_request', 'loaded-alone'),
         ('2023-03-01T03:00:00Z', $1, 'report.approve', 'report', 'loaded-other-actor'),
         ('2023-03-01T03:00:00Z', NULL, 'assignment.report_approve', 'assignment', 'loaded-other-actor')`,
      [t.fixture.users.approvalClerk.id],
    );
  });
  afterAll(() => t?.close());

  const marks = async () =>
    (
      await t.dataSource.query(
        `SELECT a.action, a.entity_id, a.twin, ${WAS_TWIN} AS was_twin FROM audit_entry a ORDER BY a.at, a.action`,
        pairs,
      )
    ).map((row: { action: string; entity_id: string; twin: boolean; was_twin: boolean }) => row);

  it('marks a child row written with its assignment row as its twin, and nothing else', async () => {
    const rows = await marks();
    const children = rows.filter((row: { entity_id: string }) =>
      [...reportIds, ...extensionIds].includes(row.entity_id),
    );
    expect(children.map((row: { action: string; twin: boolean }) => [row.action, row.twin])).toEqual([
      ['report.submit', true],
      ['report.approve', true],
      ['report.submit', true],
      ['report.reject', true],
      ['extension.request', true],
      ['extension.approve', true],
      ['extension.request', true],
      ['extension.reject', true],
    ]);
    // Every row the app wrote is marked as the read-time rule decided; the loaded pair is not marked yet.
    const written = rows.filter((row: { entity_id: string }) => !row.entity_id.startsWith('loaded-'));
    expect(written.filter((row: { twin: boolean; was_twin: boolean }) => row.twin !== row.was_twin)).toEqual(
      [],
    );
    expect(rows.filter((row: { twin: boolean }) => row.twin)).toHaveLength(8);
  });

  it('the migration marks the twins among the rows written before it', async () => {
    const runner = t.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      const migration = new AuditTrailTwins1796270000000();
      await migration.down(runner);
      await migration.up(runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    const rows = await marks();
    expect(rows.filter((row: { twin: boolean; was_twin: boolean }) => row.twin !== row.was_twin)).toEqual([]);
    expect(
      rows
        .filter((row: { entity_id: string }) => row.entity_id.startsWith('loaded-'))
        .map((row: { action: string; twin: boolean }) => [row.action, row.twin]),
    ).toEqual([
      ['assignment.report', false],
      ['report.submit', true],
      ['extension.request', false],
      ['assignment.report_approve', false],
      ['report.approve', false],
    ]);
    expect(rows.filter((row: { twin: boolean }) => row.twin)).toHaveLength(9);
    // Still append-only: the migration turned each partition's trigger back on.
    await expect(t.dataSource.query(`UPDATE audit_entry SET twin = NOT twin`)).rejects.toThrow(/append-only/);
  });

  it('lists the rows the read-time rule listed, for every reader and filter', async () => {
    const trail = async (who: string, query: string, pageSize = 200) =>
      (
        await t
          .http()
          .get(`/api/v1/audit?pageSize=${pageSize}${query}`)
          .set(await t.login(who))
          .expect(200)
      ).body.items.map((entry: { id: string }) => entry.id);
    // The former query's filter, without the reader's other conditions: the rows it let through.
    const listed = new Set<string>(
      (await t.dataSource.query(`SELECT a.id FROM audit_entry a WHERE NOT ${WAS_TWIN}`, pairs)).map(
        (row: { id: string }) => row.id,
      ),
    );
    const entries = async (condition: string, values: unknown[] = []) =>
      (
        await t.dataSource.query(
          `SELECT a.id FROM audit_entry a WHERE ${condition} ORDER BY a.at DESC, a.id DESC`,
          values,
        )
      ).map((row: { id: string }) => row.id);
    const admin = await trail('admin', '');
    expect(admin).toEqual((await entries('TRUE')).filter((id: string) => listed.has(id)));
    const clerkId = t.fixture.users.approvalClerk.id;
    const byClerk = (await entries('a.actor_id = $1', [clerkId])).filter((id: string) => listed.has(id));
    expect(byClerk.length).toBeGreaterThan(0);
    // The supervisor's jurisdiction and a unit's people (per person, from the actor index), a picked person.
    const supervised = await trail('supervisor', '');
    expect(supervised).toEqual(
      (
        await entries(
          `EXISTS (SELECT 1 FROM app_user au JOIN unit u ON u.id = au.unit_id JOIN unit s ON s.id = $1
                    WHERE au.id = a.actor_id AND (u.path = s.path OR u.path LIKE s.path || '/%'))`,
          [t.fixture.users.supervisor.unitId],
        )
      ).filter((id: string) => listed.has(id)),
    );
    // Pages of three: the trail's newest rows hold enough of the jurisdiction's (pageSize 200 did not, and
    // merged every person's); the same rows in the same order.
    const paged: string[] = [];
    for (const page of [1, 2, 3]) paged.push(...(await trail('supervisor', `&page=${page}`, 3)));
    expect(supervised.length).toBeGreaterThan(9);
    expect(paged).toEqual(supervised.slice(0, 9));
    expect(await trail('admin', `&unitId=${t.fixture.units.approval.id}`)).toEqual(byClerk);
    expect(await trail('supervisor', `&actorId=${clerkId}`)).toEqual(byClerk);
    // Asked for by type or id, the children's own rows are there, the twins too.
    expect(await trail('admin', '&entityType=report')).toEqual(await entries(`a.entity_type = 'report'`));
    expect(await trail('supervisor', '&entityType=extension_request')).toEqual(
      await entries(`a.entity_type = 'extension_request' AND a.actor_id IS NOT NULL`),
    );
    expect(await trail('admin', `&entityId=${reportIds[0]}`)).toEqual(
      await entries('a.entity_id = $1', [reportIds[0]]),
    );
    expect(await trail('admin', '&entityType=assignment')).toEqual(
      (await entries(`a.entity_type = 'assignment'`)).filter((id: string) => listed.has(id)),
    );
  });
});
