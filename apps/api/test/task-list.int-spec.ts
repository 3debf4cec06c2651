import { TOTAL_CAP } from '@duban/contracts';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * The task list at more than TOTAL_CAP tasks: keyset cursors walk every row once, in the order of the
 * offset pages, forwards and backwards, while tasks are added; the total stops at TOTAL_CAP ("10,000+").
 */
describe('task list: keyset cursors and the capped total', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  let supervisor: { Authorization: string };
  const TASKS = TOTAL_CAP + 150;
  const PAGE = 200;

  /** `count` tasks, each with one or two assignments, on few distinct deadlines (ties break by code). */
  const addTasks = async (prefix: string, count: number) => {
    await t.dataSource.query(
      `WITH made AS (
         INSERT INTO task (code, title, status, start_date, deadline, ongoing)
         SELECT $1 || lpad(g::text, 6, '0'), '列表任务 ' || g,
                CASE WHEN g % 11 = 0 THEN 'completed' WHEN g % 13 = 0 THEN 'cancelled' ELSE 'in_progress' END,
                '2023-01-01', CASE WHEN g % 17 = 0 THEN NULL ELSE '2023-01-01'::date + (g * 7919 % 40) END, g % 17 = 0
           FROM generate_series(1, $2::int) g
         RETURNING id, status, deadline, code)
       INSERT INTO assignment (task_id, unit_id, role, status, deadline)
       SELECT m.id, u.unit, u.role, CASE WHEN m.status = 'completed' THEN 'completed' ELSE 'accepted' END,
              CASE WHEN u.role = 'lead' THEN m.deadline ELSE m.deadline + 3 END
         FROM made m CROSS JOIN LATERAL (VALUES ($3::uuid, 'lead'), ($4::uuid, 'responsible')) AS u(unit, role)
        WHERE u.role = 'lead' OR right(m.code, 1) IN ('3', '7')`,
      [prefix, count, t.fixture.units.approval.id, t.fixture.units.market.id],
    );
  };

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2023-01-20T10:00:00+08:00') });
    await addTasks('K-', TASKS);
    admin = await t.login('admin');
    supervisor = await t.login('supervisor');
  }, 120_000);
  afterAll(() => t.close());

  const list = async (who: { Authorization: string }, query: string) =>
    (await t.http().get(`/api/v1/tasks?${query}`).set(who).expect(200)).body;

  /** Follows the cursors from the first page to the end; returns the codes in the order seen. */
  const walk = async (
    who: { Authorization: string },
    filters: string,
    between?: (page: number) => Promise<void>,
  ) => {
    const codes: string[] = [];
    let body = await list(who, `pageSize=${PAGE}&${filters}`);
    for (let page = 1; ; page++) {
      codes.push(...body.items.map((task: { code: string }) => task.code));
      if (!body.nextCursor) return { codes, last: body };
      await between?.(page);
      body = await list(who, `pageSize=${PAGE}&page=${page + 1}&cursor=${body.nextCursor}&${filters}`);
    }
  };

  /** The list's order straight from SQL over the visible tasks: the order the offset pages follow. */
  const sqlOrder = async (where: string, params: unknown[] = []): Promise<string[]> =>
    (
      await t.dataSource.query(
        `SELECT t.code FROM task t WHERE ${where} ORDER BY t.open_deadline NULLS LAST, t.deadline NULLS LAST, t.code`,
        params,
      )
    ).map((row: { code: string }) => row.code);

  it('walks every row once, in the order of the offset pages, forwards and back', async () => {
    const { codes, last } = await walk(admin, '');
    const expected = await sqlOrder('TRUE');
    expect(expected.length).toBeGreaterThan(TOTAL_CAP);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual(expected);

    // The offset pages (as deep as they go) list the same rows in the same order.
    const offset: string[] = [];
    for (let page = 1; page * PAGE <= TOTAL_CAP; page++)
      offset.push(
        ...(await list(admin, `pageSize=${PAGE}&page=${page}`)).items.map(
          (task: { code: string }) => task.code,
        ),
      );
    expect(offset).toEqual(codes.slice(0, offset.length));

    // Back from the last page by prevCursor to the first: the same rows, page by page.
    const back: string[] = [];
    let body = last;
    back.unshift(...body.items.map((task: { code: string }) => task.code));
    while (body.prevCursor) {
      body = await list(admin, `pageSize=${PAGE}&cursor=${body.prevCursor}`);
      back.unshift(...body.items.map((task: { code: string }) => task.code));
    }
    expect(back).toEqual(codes);
  }, 300_000);

  it('walks a jurisdiction with filters, stable while tasks are added during the walk', async () => {
    const filters = 'status=in_progress&overdue=true';
    const before = await sqlOrder(
      `t.status = 'in_progress' AND t.open_deadline < '2023-01-20' AND t.scope_units @> ARRAY[$1::uuid]`,
      [t.fixture.units.city.id],
    );
    expect(before.length).toBeGreaterThan(3 * PAGE);
    const { codes } = await walk(supervisor, filters, async (page) => {
      // Other clerks keep adding tasks: some sort before the cursor, some after.
      if (page <= 3) await addTasks(`N${page}-`, 60);
    });
    expect(new Set(codes).size).toBe(codes.length);
    // Every row that existed before the walk is seen exactly once, and the walk never goes backwards.
    expect(before.filter((code) => !codes.includes(code))).toEqual([]);
    const after = await sqlOrder(
      `t.status = 'in_progress' AND t.open_deadline < '2023-01-20' AND t.scope_units @> ARRAY[$1::uuid]`,
      [t.fixture.units.city.id],
    );
    expect(after.filter((code) => codes.includes(code))).toEqual(codes);
    // The other city's supervisor sees none of them.
    expect((await list(await t.login('other_supervisor'), filters)).items).toEqual([]);
  }, 300_000);

  it('answers totals from the counters, caps what they cannot carry at TOTAL_CAP, counts smaller lists exactly', async () => {
    // Unfiltered, the figures' counters answer: exact, however many.
    const [{ tasks }] = await t.dataSource.query(`SELECT count(*)::int AS tasks FROM task`);
    expect(tasks).toBeGreaterThan(TOTAL_CAP);
    expect(await list(admin, 'pageSize=1')).toMatchObject({ total: tasks, totalCapped: false });
    // A text search is beyond the counters: the rows are counted, and the count stops at the cap.
    expect(await list(admin, `pageSize=1&q=${encodeURIComponent('列表任务')}`)).toMatchObject({
      total: TOTAL_CAP,
      totalCapped: true,
    });
    const [{ completed }] = await t.dataSource.query(
      `SELECT count(*)::int AS completed FROM task WHERE status = 'completed'`,
    );
    expect(completed).toBeLessThan(TOTAL_CAP);
    expect(await list(admin, 'pageSize=1&status=completed')).toMatchObject({
      total: completed,
      totalCapped: false,
    });
    // Page numbers reach as deep as the cap; past it only the cursors go.
    const tooDeep = await t
      .http()
      .get(`/api/v1/tasks?pageSize=20&page=${TOTAL_CAP / 20 + 1}`)
      .set(admin)
      .expect(400);
    expect(tooDeep.body.message).toContain('下一页');
    const forged = await t.http().get('/api/v1/tasks?cursor=not-a-cursor').set(admin).expect(400);
    expect(forged.body.message).toContain('翻页参数无效');
  });
  it('pages a text search in list order, forwards and back, below and beyond the cap', async () => {
    // Below the cap the page is cut from the matches kept for the count; beyond it, from the task rows.
    const few = 'status=in_progress&q=' + encodeURIComponent('列表任务 1');
    const fewExpected = await sqlOrder(`t.status = 'in_progress' AND t.title ILIKE '%列表任务 1%'`);
    expect(fewExpected.length).toBeGreaterThan(PAGE);
    expect(fewExpected.length).toBeLessThan(TOTAL_CAP);
    const { codes, last } = await walk(admin, few);
    expect(codes).toEqual(fewExpected);
    expect(last).toMatchObject({ total: fewExpected.length, totalCapped: false });
    const back = await list(admin, `pageSize=${PAGE}&cursor=${last.prevCursor}&${few}`);
    expect(back.items.map((task: { code: string }) => task.code)).toEqual(
      fewExpected.slice(-last.items.length - PAGE, -last.items.length),
    );
    expect(
      (await list(admin, `pageSize=7&page=3&${few}`)).items.map((task: { code: string }) => task.code),
    ).toEqual(fewExpected.slice(14, 21));

    const many = 'q=' + encodeURIComponent('列表任务');
    const manyExpected = await sqlOrder(`t.title ILIKE '%列表任务%'`);
    expect(manyExpected.length).toBeGreaterThan(TOTAL_CAP);
    const first = await list(admin, `pageSize=${PAGE}&${many}`);
    expect(first).toMatchObject({ total: TOTAL_CAP, totalCapped: true });
    expect(first.items.map((task: { code: string }) => task.code)).toEqual(manyExpected.slice(0, PAGE));
    const second = await list(admin, `pageSize=${PAGE}&cursor=${first.nextCursor}&${many}`);
    expect(second.items.map((task: { code: string }) => task.code)).toEqual(
      manyExpected.slice(PAGE, 2 * PAGE),
    );
  }, 120_000);

  it('finds by text exactly what ILIKE finds, through the character-pair index', async () => {
    await t.dataSource.query(
      `INSERT INTO task (code, title, status, start_date, deadline)
       SELECT code, title, 'in_progress', '2023-01-01', '2023-06-30'
         FROM (VALUES ('SRCH-001', '持续优化营商环境 A'), ('SRCH-002', '营 商 分开写'), ('SRCH-003', 'Digital 数字政府'),
                      ('SRCH-004', '百分之百 100% 完成'), ('Srch-005', '营商')) AS v(code, title)`,
    );
    const texts = [
      '营商',
      '营',
      '商环境',
      'digital',
      'DIGITAL 数字',
      'srch-00',
      '100%',
      '0%',
      '营商环境 a',
      '不存在的词',
    ];
    for (const q of texts) {
      const [{ expected }] = await t.dataSource.query(
        `SELECT count(*)::int AS expected FROM task
          WHERE title ILIKE '%' || replace($1, '%', '\\%') || '%' OR code ILIKE '%' || replace($1, '%', '\\%') || '%'`,
        [q],
      );
      const { total, totalCapped } = await list(admin, `pageSize=1&q=${encodeURIComponent(q)}`);
      expect({ q, total: totalCapped ? 'capped' : total }).toEqual({
        q,
        total: expected > TOTAL_CAP ? 'capped' : expected,
      });
    }
    // The pairs are what the index holds: lower-cased, overlapping, each once.
    const [{ pairs }] = await t.dataSource.query(`SELECT duban_bigrams('AbAb营商') AS pairs`);
    expect([...pairs].sort()).toEqual(['ab', 'ba', 'b营', '营商'].sort());
  });
});
