import { Client } from 'pg';
import { publishSample, type PublishedSample } from './support/published';
import { createTestApp, type TestApp } from './support/test-app';

/** The progress report's write path (issue 9): few round trips, only the work the change needs. */
describe('report path', () => {
  let t: TestApp;
  let sample: PublishedSample;
  let approval: { Authorization: string };
  let market: { Authorization: string };
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2023-03-10T10:00:00+08:00') });
    sample = await publishSample(t);
    approval = await t.login('approval');
    market = await t.login('market');
    const lead = await sample.assignment(0, t.fixture.units.approval.id);
    await t.http().post(`/api/v1/assignments/${lead.id}/accept`).set(approval).expect(200);
  });
  afterAll(() => t.close());

  /** The statements one connection ran from START TRANSACTION to COMMIT while `send` ran. */
  async function transactionOf(send: () => Promise<unknown>, named?: string[]): Promise<string[]> {
    const seen: { client: Client; text: string; name?: string }[] = [];
    const query = Client.prototype.query;
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text;
      if (text) seen.push({ client: this, text, name: (args[0] as { name?: string })?.name });
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    try {
      await send();
    } finally {
      Client.prototype.query = query;
    }
    const begin = seen.findIndex((s) => /^START TRANSACTION/.test(s.text));
    const client = seen[begin].client;
    const mine = seen.slice(begin).filter((s) => s.client === client && !/^SET /.test(s.text));
    const statements = mine.slice(0, mine.findIndex((s) => /^COMMIT/.test(s.text)) + 1);
    named?.push(...statements.filter((s) => s.name).map((s) => s.text));
    return statements.map((s) => s.text);
  }

  it('locks in one statement and writes in one more: the transaction holds two statements besides START and COMMIT (it held six, after a find)', async () => {
    const lead = await sample.assignment(0, t.fixture.units.approval.id);
    const named: string[] = [];
    const statements = await transactionOf(
      () =>
        t
          .http()
          .post(`/api/v1/assignments/${lead.id}/reports`)
          .set(approval)
          .send({ content: '完成首批审批事项清理', progress: 30 })
          .expect(201),
      named,
    );
    // Both are prepared statements (DATABASE_PREPARED_STATEMENTS): planned once per connection.
    expect(named).toEqual([statements[1], statements[2]]);
    // Find, check visibility and lock; then the report, the assignment's progress, the audit rows and the
    // ledger rows in one statement, so the locks are held for one round trip. They were six statements:
    // the find and both locks three, the report and the assignment two, then audit and ledger.
    expect(statements.map((s) => s.trim().split(/\s+/)[0])).toEqual(['START', 'WITH', 'WITH', 'COMMIT']);
    expect(statements[1]).toMatch(/FOR UPDATE OF t[\s\S]*FOR UPDATE OF a/);
    expect(statements[2]).toMatch(
      /INSERT INTO progress_report[\s\S]*UPDATE assignment[\s\S]*INSERT INTO audit_entry[\s\S]*INSERT INTO reminder/,
    );
  });

  it('answers with the report as a read of it would (no read back after commit)', async () => {
    const lead = await sample.assignment(0, t.fixture.units.approval.id);
    const queries: string[] = [];
    const query = Client.prototype.query;
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text;
      if (text) queries.push(text);
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    let answer: Record<string, unknown>;
    try {
      answer = (
        await t
          .http()
          .post(`/api/v1/assignments/${lead.id}/reports`)
          .set(approval)
          .send({ content: '答复即写入的行', progress: 35 })
          .expect(201)
      ).body;
    } finally {
      Client.prototype.query = query;
    }
    expect(queries.at(-1)).toMatch(/^COMMIT/);
    const detail = await t.http().get(`/api/v1/tasks/${sample.taskIds[0]}`).set(approval).expect(200);
    const read = (detail.body.reports as { id: string }[]).find((r) => r.id === answer.id);
    expect(answer).toEqual(read);
  });

  it('concurrent reports on one assignment queue on its lock: each written once, audited once, versions in order', async () => {
    const lead = await sample.assignment(0, t.fixture.units.approval.id);
    const [{ version }] = await t.dataSource.query('SELECT version FROM assignment WHERE id = $1', [lead.id]);
    const sent = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t
          .http()
          .post(`/api/v1/assignments/${lead.id}/reports`)
          .set(approval)
          .send({ content: `并发 ${i}`, progress: 40 + i }),
      ),
    );
    expect(sent.map((r) => r.status)).toEqual(Array(12).fill(201));
    const ids = sent.map((r) => r.body.id as string);
    const stored = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM progress_report WHERE id = ANY($1)`,
      [ids],
    );
    expect(stored[0].n).toBe(12);
    const audited: { before: { version: number }; after: { version: number } }[] = await t.dataSource.query(
      `SELECT before, after FROM audit_entry WHERE entity_id = $1 AND action = 'assignment.report'
          AND after->>'content' LIKE '并发 %' ORDER BY (before->>'version')::int`,
      [lead.id],
    );
    // Each move saw the row the previous one left: versions follow one another without a gap or a repeat.
    expect(audited.map((row) => row.before.version)).toEqual(
      Array.from({ length: 12 }, (_, i) => version + i),
    );
    expect(audited.map((row) => row.after.version)).toEqual(
      Array.from({ length: 12 }, (_, i) => version + i + 1),
    );
    const submitted = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_entry WHERE action = 'report.submit' AND entity_id = ANY($1)`,
      [ids],
    );
    expect(submitted[0].n).toBe(12);
    const [row] = await t.dataSource.query('SELECT version FROM assignment WHERE id = $1', [lead.id]);
    expect(row.version).toBe(version + 12);
  });

  it('audits the report and the assignment as the entities read (dates as days, instants as ISO)', async () => {
    const lead = await sample.assignment(0, t.fixture.units.approval.id);
    const report = await t
      .http()
      .post(`/api/v1/assignments/${lead.id}/reports`)
      .set(approval)
      .send({ content: '推进中', progress: 45 })
      .expect(201);
    expect(report.body).toMatchObject({
      progress: 45,
      status: 'submitted',
      unitName: t.fixture.units.approval.name,
    });
    const rows: { action: string; before: Record<string, unknown>; after: Record<string, unknown> }[] =
      await t.dataSource.query(
        `SELECT action, before, after FROM audit_entry WHERE entity_id = ANY($1) AND action IN ('report.submit', 'assignment.report')
          ORDER BY at, action`,
        [[lead.id, report.body.id]],
      );
    const submitted = rows.find((row) => row.action === 'report.submit')!;
    expect(submitted.after).toMatchObject({
      id: report.body.id,
      assignmentId: lead.id,
      content: '推进中',
      progress: 45,
      status: 'submitted',
      reviewComment: null,
      version: 1,
      createdBy: t.fixture.users.approvalClerk.id,
    });
    expect(submitted.after.createdAt).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
    const moved = rows.filter((row) => row.action === 'assignment.report').at(-1)!;
    expect(moved.before).toMatchObject({ id: lead.id, status: 'accepted', deadline: lead.deadline });
    expect(moved.before.acceptedAt).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
    expect(moved.after).toMatchObject({
      progress: 45,
      version: (moved.before.version as number) + 1,
      unitName: t.fixture.units.approval.name,
      content: '推进中',
    });
    expect(moved.before).not.toHaveProperty('liveDeadline');
    const [row] = await t.dataSource.query('SELECT version, progress FROM assignment WHERE id = $1', [
      lead.id,
    ]);
    expect(row).toEqual({ version: moved.after.version, progress: 45 });
  });

  it('answers 404 for what the caller cannot see, 403 for another unit, 400 for bad input, and writes nothing', async () => {
    const hidden = await sample.assignment(1, t.fixture.units.approval.id);
    const lead = await sample.assignment(0, t.fixture.units.approval.id);
    const count = async () =>
      (await t.dataSource.query('SELECT count(*)::int AS n FROM progress_report'))[0].n as number;
    const before = await count();
    const send = (
      id: string,
      who: { Authorization: string },
      body: object = { content: '进展', progress: 10 },
    ) => t.http().post(`/api/v1/assignments/${id}/reports`).set(who).send(body);
    expect((await send(hidden.id, market).expect(404)).body.message).toMatch(/督办事项/);
    expect((await send('00000000-0000-4000-8000-000000000000', approval).expect(404)).body.message).toMatch(
      /承办任务/,
    );
    expect((await send(lead.id, market).expect(403)).body.message).toMatch(/本单位/);
    const invalid = await send(lead.id, approval, { content: '进展', progress: 101 }).expect(400);
    expect(invalid.body.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await count()).toBe(before);
  });

  it('recomputes the units over a task only when an assignment is added, removed or moved, not on a report', async () => {
    const lead = await sample.assignment(0, t.fixture.units.approval.id);
    const taskId = sample.taskIds[0];
    const scope = async () =>
      (
        await t.dataSource.query(
          'SELECT scope_units::text[] AS s, rollup_progress AS p FROM task WHERE id = $1',
          [taskId],
        )
      )[0] as { s: string[]; p: number };
    const units = (await scope()).s;
    // A marker no trigger would compute: a progress report must leave it, a moved unit must replace it.
    await t.dataSource.query(`UPDATE task SET scope_units = '{}' WHERE id = $1`, [taskId]);
    await t.dataSource.query('UPDATE assignment SET progress = 60 WHERE id = $1', [lead.id]);
    const reported = await scope();
    expect(reported.s).toEqual([]);
    expect(reported.p).toBeGreaterThan(0);
    await t.dataSource.query('UPDATE assignment SET unit_id = unit_id WHERE id = $1', [lead.id]);
    expect((await scope()).s).toEqual([]);
    await t.dataSource.query('UPDATE assignment SET unit_id = $2 WHERE id = $1', [
      lead.id,
      t.fixture.units.finance.id,
    ]);
    const moved = await scope();
    expect(moved.s).toContain(t.fixture.units.finance.id);
    expect(moved.s).not.toContain(t.fixture.units.approval.id);
    await t.dataSource.query('UPDATE assignment SET unit_id = $2 WHERE id = $1', [
      lead.id,
      t.fixture.units.approval.id,
    ]);
    expect((await scope()).s.sort()).toEqual([...units].sort());
  });

  it('keeps live_deadline without recomputing on a report, and recomputes it when its inputs change', async () => {
    const lead = await sample.assignment(0, t.fixture.units.approval.id);
    const live = async () =>
      (
        await t.dataSource.query(
          `SELECT to_char(live_deadline, 'YYYY-MM-DD') AS d FROM assignment WHERE id = $1`,
          [lead.id],
        )
      )[0].d as string | null;
    expect(await live()).toBe(lead.deadline);
    await t.dataSource.query(`UPDATE assignment SET progress = 70, last_report_at = now() WHERE id = $1`, [
      lead.id,
    ]);
    expect(await live()).toBe(lead.deadline);
    await t.dataSource.query(`UPDATE assignment SET deadline = '2023-12-31' WHERE id = $1`, [lead.id]);
    expect(await live()).toBe('2023-12-31');
    await t.dataSource.query(`UPDATE task SET status = 'cancelled' WHERE id = $1`, [sample.taskIds[0]]);
    expect(await live()).toBeNull();
    await t.dataSource.query(`UPDATE task SET status = 'in_progress' WHERE id = $1`, [sample.taskIds[0]]);
    expect(await live()).toBe('2023-12-31');
  });
});
