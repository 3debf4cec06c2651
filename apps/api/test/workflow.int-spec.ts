import { publishSample, type PublishedSample } from './support/published';
import { downloadLedger } from './support/ledger';
import { createTestApp, type TestApp } from './support/test-app';

const at = (date: string) => new Date(`${date}T10:00:00+08:00`);

describe('workflow: the whole supervision loop through HTTP', () => {
  let t: TestApp;
  let sample: PublishedSample;
  let supervisor: { Authorization: string };
  let approval: { Authorization: string };
  let market: { Authorization: string };
  beforeAll(async () => {
    t = await createTestApp({ now: at('2023-03-10') });
    sample = await publishSample(t);
    supervisor = await t.login('supervisor');
    approval = await t.login('approval');
    market = await t.login('market');
  });
  afterAll(() => t.close());

  const overview = async () =>
    (await t.http().get('/api/v1/stats/overview').set(supervisor).expect(200)).body;

  it('shows a unit only its own assignments', async () => {
    const mine = await t.http().get('/api/v1/assignments/mine').set(approval).expect(200);
    expect(mine.body.items.map((a: { taskId: string; role: string }) => [a.taskId, a.role])).toEqual([
      [sample.taskIds[0], 'lead'],
      [sample.taskIds[1], 'responsible'],
    ]);
    const tasks = await t.http().get('/api/v1/tasks').set(market).expect(200);
    expect(tasks.body.items.map((task: { id: string }) => task.id).sort()).toEqual(
      [sample.taskIds[0], sample.taskIds[2]].sort(),
    );
    await t.http().get(`/api/v1/tasks/${sample.taskIds[1]}`).set(market).expect(404);
  });

  it('runs accept → report → review → extension → completion → task completed, with stats following', async () => {
    const statsBefore = await overview();
    expect(statsBefore).toMatchObject({ total: 3, completed: 0, inProgress: 3, overdue: 0 });
    const taskId = sample.taskIds[0];
    const lead = await sample.assignment(0, t.fixture.units.approval.id);

    // Another unit cannot act on this assignment, and nothing changes.
    await t.http().post(`/api/v1/assignments/${lead.id}/accept`).set(market).expect(403);
    expect((await sample.assignment(0, t.fixture.units.approval.id)).status).toBe('pending');

    await t.http().post(`/api/v1/assignments/${lead.id}/accept`).set(approval).expect(200);
    const twice = await t.http().post(`/api/v1/assignments/${lead.id}/accept`).set(approval).expect(409);
    expect(twice.body).toMatchObject({ code: 'ILLEGAL_TRANSITION', details: { status: 'accepted' } });

    const upload = await t
      .http()
      .post('/api/v1/attachments')
      .set(approval)
      .attach('file', Buffer.from('%PDF-1.4 evidence'), '佐证材料.pdf')
      .expect(201);
    const report = await t
      .http()
      .post(`/api/v1/assignments/${lead.id}/reports`)
      .set(approval)
      .send({ content: '已完成流程梳理，压减审批时限30%', progress: 40, attachments: [upload.body.id] })
      .expect(201);
    expect(report.body).toMatchObject({
      progress: 40,
      status: 'submitted',
      attachments: [{ fileName: '佐证材料.pdf' }],
    });
    const downloaded = await t.http().get(upload.body.url).set(supervisor).expect(200);
    expect(downloaded.body.toString()).toBe('%PDF-1.4 evidence');
    await t.http().get(upload.body.url).set(market).expect(404);

    const reviewed = await t
      .http()
      .post(`/api/v1/reports/${report.body.id}/review`)
      .set(supervisor)
      .send({ decision: 'approve', comment: '同意' })
      .expect(200);
    expect(reviewed.body).toMatchObject({ status: 'approved', reviewComment: '同意' });
    await t
      .http()
      .post(`/api/v1/reports/${report.body.id}/review`)
      .set(supervisor)
      .send({ decision: 'reject' })
      .expect(409);

    const extension = await t
      .http()
      .post(`/api/v1/assignments/${lead.id}/extension-requests`)
      .set(approval)
      .send({ requestedDeadline: '2023-08-31', reason: '系统对接需延长' })
      .expect(201);
    await t
      .http()
      .post(`/api/v1/assignments/${lead.id}/extension-requests`)
      .set(approval)
      .send({ requestedDeadline: '2023-09-30', reason: '再次申请' })
      .expect(409);
    await t
      .http()
      .post(`/api/v1/extension-requests/${extension.body.id}/decide`)
      .set(supervisor)
      .send({ decision: 'approve' })
      .expect(200);
    let detail = (await t.http().get(`/api/v1/tasks/${taskId}`).set(supervisor).expect(200)).body;
    const leadView = detail.assignments.find((a: { id: string }) => a.id === lead.id);
    expect(leadView).toMatchObject({ deadline: '2023-08-31', extensionCount: 1, progress: 40 });
    // Only that assignment moved.
    expect(
      detail.assignments
        .filter((a: { id: string }) => a.id !== lead.id)
        .every((a: { deadline: string }) => a.deadline === '2023-06-30'),
    ).toBe(true);
    expect(detail.history.map((h: { action: string }) => h.action)).toEqual(
      expect.arrayContaining([
        'task.create',
        'assignment.accept',
        'assignment.report',
        'assignment.report_approve',
        'assignment.extension_approve',
      ]),
    );
    // Each step once: the report's and extension's own rows are twins of the assignment's.
    expect(detail.history.map((h: { action: string }) => h.action)).not.toEqual(
      expect.arrayContaining(['report.submit']),
    );
    expect(detail.history.map((h: { summary: string }) => h.summary).join('|')).not.toMatch(
      /[a-z]+\.[a-z_]+/,
    );

    // Every assignment of the task completes; the task completes with the last one.
    for (const assignment of detail.assignments) {
      const unitUser =
        assignment.unitId === t.fixture.units.approval.id
          ? approval
          : assignment.unitId === t.fixture.units.market.id
            ? market
            : null;
      // The fixture has no county users; the counties' assignments are completed below.
      if (!unitUser) continue;
      if (assignment.status === 'pending')
        await t.http().post(`/api/v1/assignments/${assignment.id}/accept`).set(unitUser).expect(200);
      await t
        .http()
        .post(`/api/v1/assignments/${assignment.id}/completion-request`)
        .set(unitUser)
        .send({ summary: '已全部完成' })
        .expect(200);
      await t
        .http()
        .post(`/api/v1/assignments/${assignment.id}/complete`)
        .set(supervisor)
        .send({ decision: 'approve' })
        .expect(200);
    }
    detail = (await t.http().get(`/api/v1/tasks/${taskId}`).set(supervisor).expect(200)).body;
    expect(detail.status).toBe('in_progress');
    expect((await overview()).completed).toBe(0);

    const countyUsers = [t.fixture.units.countyA, t.fixture.units.countyB];
    for (const county of countyUsers) {
      await t
        .http()
        .post('/api/v1/users')
        .set(await t.login('admin'))
        .send({
          username: `c${county.id.slice(0, 6)}`,
          displayName: county.name,
          unitId: county.id,
          roles: ['unit'],
          password: 'county-pass-1',
        })
        .expect(201);
      const login = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ username: `c${county.id.slice(0, 6)}`, password: 'county-pass-1' })
        .expect(200);
      const headers = { Authorization: `Bearer ${login.body.accessToken}` };
      const assignment = await sample.assignment(0, county.id);
      await t.http().post(`/api/v1/assignments/${assignment.id}/accept`).set(headers).expect(200);
      await t
        .http()
        .post(`/api/v1/assignments/${assignment.id}/completion-request`)
        .set(headers)
        .send({ summary: '县级任务完成' })
        .expect(200);
      const decided = await t
        .http()
        .post(`/api/v1/assignments/${assignment.id}/complete`)
        .set(supervisor)
        .send({ decision: 'approve' })
        .expect(200);
      detail = decided.body;
    }
    expect(detail).toMatchObject({ status: 'completed', progress: 100, light: 'green' });
    expect(await overview()).toMatchObject({
      total: 3,
      completed: 1,
      inProgress: 2,
      completionRate: 33.3,
      onTimeRate: 100,
    });
    await t
      .http()
      .post(`/api/v1/assignments/${lead.id}/reports`)
      .set(approval)
      .send({ content: '补充', progress: 100 })
      .expect(409);
  });

  it('refuses an extension after the deadline, and counts overdue work in stats and the list alike', async () => {
    t.clock.set(at('2023-07-05'));
    const late = await sample.assignment(1, t.fixture.units.approval.id);
    await t.http().post(`/api/v1/assignments/${late.id}/accept`).set(approval).expect(200);
    t.clock.set(at('2024-01-02'));
    const refused = await t
      .http()
      .post(`/api/v1/assignments/${late.id}/extension-requests`)
      .set(approval)
      .send({ requestedDeadline: '2024-03-31', reason: '来不及' })
      .expect(409);
    expect(refused.body.message).toMatch(/已超过完成时限/);
    expect(
      await t.dataSource.query('SELECT id FROM extension_request WHERE assignment_id = $1', [late.id]),
    ).toEqual([]);
    const stats = await overview();
    for (const [card, query] of [
      ['overdue', 'overdue=true'],
      ['completed', 'status=completed'],
      ['inProgress', 'status=in_progress'],
      ['dueSoon', 'dueSoon=true'],
      ['total', ''],
    ] as const) {
      const list = await t.http().get(`/api/v1/tasks?${query}`).set(supervisor).expect(200);
      expect([card, list.body.total]).toEqual([card, stats[card]]);
    }
    expect(stats.overdue).toBeGreaterThan(0);
    const red = await t.http().get('/api/v1/tasks?light=red').set(supervisor).expect(200);
    expect(red.body.items.every((task: { overdue: boolean }) => task.overdue)).toBe(true);
    t.clock.set(at('2023-03-10'));
  });

  it('refuses a stale version and an illegal transition without changing anything', async () => {
    const taskId = sample.taskIds[2];
    const task = (await t.http().get(`/api/v1/tasks/${taskId}`).set(supervisor).expect(200)).body;
    await t
      .http()
      .patch(`/api/v1/tasks/${taskId}`)
      .set(supervisor)
      .send({ title: '新标题', version: task.version })
      .expect(200);
    const stale = await t
      .http()
      .patch(`/api/v1/tasks/${taskId}`)
      .set(supervisor)
      .send({ title: '覆盖', version: task.version })
      .expect(409);
    expect(stale.body).toMatchObject({
      code: 'STALE_VERSION',
      details: { currentVersion: task.version + 1 },
    });
    const [{ title }] = await t.dataSource.query('SELECT title FROM task WHERE id = $1', [taskId]);
    expect(title).toBe('新标题');

    const pending = await sample.assignment(1, t.fixture.units.finance.id);
    const illegal = await t
      .http()
      .post(`/api/v1/assignments/${pending.id}/complete`)
      .set(supervisor)
      .send({ decision: 'approve' })
      .expect(409);
    expect(illegal.body.details).toEqual({ status: 'pending' });
    expect(await sample.assignment(1, t.fixture.units.finance.id)).toEqual(pending);
  });

  it('loses no update when reports and reviews on one assignment run in parallel', async () => {
    const target = await sample.assignment(2, t.fixture.units.market.id);
    await t.http().post(`/api/v1/assignments/${target.id}/accept`).set(market).expect(200);
    const submitted = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t
          .http()
          .post(`/api/v1/assignments/${target.id}/reports`)
          .set(market)
          .send({ content: `第${i + 1}次进展`, progress: 10 + i }),
      ),
    );
    expect(submitted.map((r) => r.status)).toEqual(Array(8).fill(201));
    const reviews = await Promise.all(
      submitted.map((r) =>
        t.http().post(`/api/v1/reports/${r.body.id}/review`).set(supervisor).send({ decision: 'approve' }),
      ),
    );
    expect(reviews.map((r) => r.status)).toEqual(Array(8).fill(200));
    const [row] = await t.dataSource.query(
      `SELECT a.version, (SELECT count(*)::int FROM progress_report r WHERE r.assignment_id = a.id AND r.status = 'approved') AS approved
         FROM assignment a WHERE a.id = $1`,
      [target.id],
    );
    // accept + 8 reports + 8 reviews, each one version step.
    expect(row).toEqual({ version: target.version + 17, approved: 8 });
  });

  it('lets a unit return an assignment with a reason and the supervisor reassign it', async () => {
    const returned = await sample.assignment(1, t.fixture.units.finance.id);
    const finance = await t
      .http()
      .post('/api/v1/users')
      .set(await t.login('admin'))
      .send({
        username: 'finance_clerk',
        displayName: '财政承办人',
        unitId: t.fixture.units.finance.id,
        roles: ['unit'],
        password: 'finance-pass-1',
      })
      .expect(201);
    expect(finance.body.unitId).toBe(t.fixture.units.finance.id);
    const login = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ username: 'finance_clerk', password: 'finance-pass-1' })
      .expect(200);
    const headers = { Authorization: `Bearer ${login.body.accessToken}` };
    await t
      .http()
      .post(`/api/v1/assignments/${returned.id}/return`)
      .set(headers)
      .send({ reason: '' })
      .expect(400);
    await t
      .http()
      .post(`/api/v1/assignments/${returned.id}/return`)
      .set(headers)
      .send({ reason: '不属于本单位职责' })
      .expect(200);
    await t
      .http()
      .post(`/api/v1/assignments/${returned.id}/reassign`)
      .set(approval)
      .send({ unitId: t.fixture.units.market.id })
      .expect(403);
    const detail = await t
      .http()
      .post(`/api/v1/assignments/${returned.id}/reassign`)
      .set(supervisor)
      .send({ unitId: t.fixture.units.market.id })
      .expect(200);
    const byUnit = new Map(
      detail.body.assignments.map((a: { unitId: string; status: string; role: string }) => [a.unitId, a]),
    );
    expect(byUnit.get(t.fixture.units.finance.id)).toMatchObject({ status: 'returned' });
    expect(byUnit.get(t.fixture.units.market.id)).toMatchObject({ status: 'pending', role: 'lead' });
    await t
      .http()
      .post(`/api/v1/assignments/${returned.id}/reassign`)
      .set(supervisor)
      .send({ unitId: t.fixture.units.market.id })
      .expect(409);
    await t
      .http()
      .post(`/api/v1/assignments/${returned.id}/reassign`)
      .set(supervisor)
      .send({ unitId: t.fixture.units.otherDept.id })
      .expect(403);
    expect(detail.body.history.map((h: { action: string }) => h.action)).toEqual(
      expect.arrayContaining(['assignment.return', 'assignment.reassign']),
    );
  });

  it('records a leader instruction (批示) as a comment and refuses other leader changes', async () => {
    const leader = await t.login('leader');
    const detail = await t
      .http()
      .post(`/api/v1/tasks/${sample.taskIds[2]}/comments`)
      .set(leader)
      .send({ content: '请各单位加快推进' })
      .expect(201);
    expect(detail.body.comments).toEqual([
      expect.objectContaining({ kind: 'instruction', content: '请各单位加快推进', authorName: 'leader' }),
    ]);
    await t
      .http()
      .patch(`/api/v1/tasks/${sample.taskIds[2]}`)
      .set(leader)
      .send({ title: 'x', version: 1 })
      .expect(403);
  });

  it('ranks units and documents and draws the completion trend', async () => {
    const units = await t
      .http()
      .get('/api/v1/stats/units?sort=completionRate&order=desc&pageSize=200')
      .set(supervisor)
      .expect(200);
    const approvalRow = units.body.items.find(
      (u: { unitId: string }) => u.unitId === t.fixture.units.approval.id,
    );
    expect(approvalRow).toMatchObject({ unitName: '测试市行政审批局', completed: 1 });
    const rates = units.body.items.map((u: { completionRate: number }) => u.completionRate);
    expect(rates).toEqual([...rates].sort((a, b) => b - a));
    const documents = await t.http().get('/api/v1/stats/documents').set(supervisor).expect(200);
    expect(documents.body.items).toEqual([
      expect.objectContaining({ documentId: sample.documentId, total: 3, completed: 1 }),
    ]);
    const trend = await t
      .http()
      .get('/api/v1/stats/trend?from=2023-03-01&to=2024-01-31&interval=month')
      .set(supervisor)
      .expect(200);
    expect(trend.body.items).toHaveLength(11);
    expect(trend.body.items.reduce((sum: number, p: { completed: number }) => sum + p.completed, 0)).toBe(1);
  });

  it('exports the ledger as Excel with one row per assignment and Chinese headers', async () => {
    const workbook = await downloadLedger(t, `?documentId=${sample.documentId}`, supervisor);
    const sheet = workbook.getWorksheet('承办明细')!;
    expect(sheet.getRow(3).values).toEqual(
      expect.arrayContaining(['任务编号', '承办单位', '完成时限', '红黄绿灯']),
    );
    const [{ n }] = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM assignment a JOIN task t ON t.id = a.task_id WHERE t.document_id = $1',
      [sample.documentId],
    );
    expect(sheet.actualRowCount - 3).toBe(n);
    const deadlineColumn = (sheet.getRow(3).values as string[]).indexOf('完成时限');
    const deadlines = Array.from({ length: n }, (_, i) => sheet.getRow(i + 4).getCell(deadlineColumn).value);
    expect(deadlines.some((value) => value instanceof Date)).toBe(true);
  });
});
