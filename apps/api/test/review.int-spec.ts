import { SAMPLE_POLICY_TEXT } from './support/sample-document';
import { createTestApp, type TestApp } from './support/test-app';

interface Measure {
  id: string;
  seq: number;
  number: string;
  title: string;
  body: string;
  leadUnits: string[];
  responsibleUnits: string[];
  deadline: string | null;
  confidence: number | null;
  resolution: Record<string, { status: string; unitIds: string[]; candidates: { path: string }[] }>;
  version: number;
}

/** The sample notice under its own 发文字号, so tests that publish do not meet each other as duplicates. */
const sample = (number: number) =>
  SAMPLE_POLICY_TEXT.replace('测政办〔2023〕9号', `测政办〔2023〕${number}号`);

describe('review: measures by hand, unit choices, duplicates, bounded resolve', () => {
  let t: TestApp;
  let supervisor: { Authorization: string };
  const importText = async (text: string) =>
    (await t.http().post('/api/v1/documents/import').set(supervisor).send({ text }).expect(201)).body
      .documents[0];
  const detail = async (id: string) =>
    (await t.http().get(`/api/v1/documents/${id}`).set(supervisor).expect(200)).body;
  const audited = async (action: string, entityId: string) =>
    Number(
      (
        await t.dataSource.query(
          'SELECT count(*) AS n FROM audit_entry WHERE action = $1 AND entity_id = $2',
          [action, entityId],
        )
      )[0].n,
    );

  beforeAll(async () => {
    // The sample's deadlines (2023) are still ahead, so publishing asks nothing about past deadlines.
    t = await createTestApp({ now: new Date('2023-03-10T02:00:00Z') });
    supervisor = await t.login('supervisor');
  });
  afterAll(() => t.close());

  it('adds a measure by hand after another, renumbering the order, audited', async () => {
    const document = await importText(SAMPLE_POLICY_TEXT);
    const [first] = document.measures;
    const url = `/api/v1/documents/${document.id}/measures`;
    const added = await t
      .http()
      .post(url)
      .set(supervisor)
      .send({
        afterMeasureId: first.id,
        title: '建立营商环境监测点',
        leadUnits: ['市财政局'],
        deadlineText: '2023年9月底前',
      })
      .expect(201);
    expect(added.body).toMatchObject({
      seq: 2,
      title: '建立营商环境监测点',
      deadline: '2023-09-30',
      confidence: null,
      resolution: { 市财政局: { status: 'exact', unitIds: [t.fixture.units.finance.id] } },
    });
    const after = await detail(document.id);
    expect(after.measures.map((m: Measure) => m.title)).toEqual([
      '深化审批制度改革',
      '建立营商环境监测点',
      '强化财政资金保障',
      '推进信用分级监管',
    ]);
    expect(after.measures.map((m: Measure) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(await audited('measure.create', added.body.id)).toBe(1);

    const invalid = await t.http().post(url).set(supervisor).send({ title: '' }).expect(400);
    expect(invalid.body.message).toMatch(/标题不能为空/);
    await t
      .http()
      .post(url)
      .set(await t.login('leader'))
      .send({ title: '领导不能加' })
      .expect(403);
    await t
      .http()
      .post(url)
      .set(await t.login('other_supervisor'))
      .send({ title: '别的城市' })
      .expect(404);
  });

  it('takes in a notice the parser finds no measures in, for the supervisor to fill by hand', async () => {
    const text = [
      '测试市人民政府办公室关于做好防汛准备工作的通知',
      '测政办〔2024〕31号',
      '各县（市、区）人民政府，市直有关部门：',
      '汛期将至，请各单位提前检修排涝设施，储备抢险物资，落实值班值守制度。',
      '测试市人民政府办公室',
      '2024年5月1日',
    ].join('\n');
    const document = await importText(text);
    expect(document).toMatchObject({ docNumber: '测政办〔2024〕31号', measures: [] });
    await t
      .http()
      .post(`/api/v1/documents/${document.id}/measures`)
      .set(supervisor)
      .send({ title: '检修排涝设施', leadUnits: ['市行政审批局'], deadlineText: '2024年5月底前' })
      .expect(201);
    const published = await t
      .http()
      .post(`/api/v1/documents/${document.id}/publish`)
      .set(supervisor)
      .send({})
      .expect(200);
    expect(published.body.tasksCreated).toBe(1);
    // Prose that is no notice at all is still refused.
    await t
      .http()
      .post('/api/v1/documents/import')
      .set(supervisor)
      .send({ text: '今天天气很好。' })
      .expect(422);
  });

  it('splits one measure into two and merges them back', async () => {
    const document = await importText(SAMPLE_POLICY_TEXT);
    const first: Measure = document.measures[0];
    const at = first.body.indexOf('压减');
    expect(at).toBeGreaterThan(0);
    const split = await t
      .http()
      .post(`/api/v1/documents/${document.id}/measures/${first.id}/split`)
      .set(supervisor)
      .send({ at, secondTitle: '压减审批时限', version: first.version })
      .expect(201);
    const [a, b] = split.body.measures as Measure[];
    expect(a).toMatchObject({ id: first.id, seq: 1, leadUnits: first.leadUnits });
    expect(a.body).not.toMatch(/压减/);
    expect(b).toMatchObject({
      seq: 2,
      title: '压减审批时限',
      leadUnits: first.leadUnits,
      responsibleUnits: first.responsibleUnits,
      deadline: first.deadline,
    });
    expect(b.body.startsWith('压减')).toBe(true);
    expect((await detail(document.id)).measures).toHaveLength(4);
    await t
      .http()
      .post(`/api/v1/documents/${document.id}/measures/${first.id}/split`)
      .set(supervisor)
      .send({ at: 100000 })
      .expect(400);

    const third: Measure = document.measures[1];
    const merged = await t
      .http()
      .post(`/api/v1/documents/${document.id}/measures/merge`)
      .set(supervisor)
      .send({ measureIds: [third.id, a.id, b.id] })
      .expect(200);
    expect(merged.body).toMatchObject({ id: a.id, seq: 1 });
    expect(merged.body.body).toContain('压减');
    expect(merged.body.body).toContain('专项资金');
    // Units of all three; a lead stays lead; the latest deadline holds.
    expect(merged.body.leadUnits).toEqual(['市行政审批局', '市财政局']);
    expect(merged.body.responsibleUnits).toEqual(['市市场监管局', '各县（市、区）人民政府', '市审批局']);
    expect(merged.body.deadline).toBe('2023-12-31');
    const after = await detail(document.id);
    expect(after.measures.map((m: Measure) => [m.seq, m.id])).toEqual([
      [1, a.id],
      [2, document.measures[2].id],
    ]);
    expect(await audited('measure.split', first.id)).toBe(1);
    expect(await audited('measure.merge', a.id)).toBe(1);
  });

  it('refuses measure changes once the document is published', async () => {
    const document = await importText(SAMPLE_POLICY_TEXT.replace('市大数据中心', '市财政局'));
    await t.http().post(`/api/v1/documents/${document.id}/publish`).set(supervisor).send({}).expect(200);
    const base = `/api/v1/documents/${document.id}/measures`;
    await t.http().post(base).set(supervisor).send({ title: '晚了' }).expect(409);
    await t
      .http()
      .post(`${base}/merge`)
      .set(supervisor)
      .send({ measureIds: [document.measures[0].id, document.measures[1].id] })
      .expect(409);
    await t
      .http()
      .post(`${base}/${document.measures[0].id}/split`)
      .set(supervisor)
      .send({ at: 3 })
      .expect(409);
  });

  it('applies a unit choice made on one measure to every measure naming that unit', async () => {
    const text = SAMPLE_POLICY_TEXT.replace('市监局；责任单位：市大数据中心', '市大数据中心').replace(
      '责任单位：市审批局',
      '责任单位：市审批局、市大数据中心',
    );
    const document = await importText(text);
    const named = document.measures.filter((m: Measure) =>
      [...m.leadUnits, ...m.responsibleUnits].includes('市大数据中心'),
    );
    expect(named).toHaveLength(2);
    await t
      .http()
      .patch(`/api/v1/documents/${document.id}/measures/${named[0].id}`)
      .set(supervisor)
      .send({ unitChoices: { 市大数据中心: [t.fixture.units.finance.id] } })
      .expect(200);
    const after = await detail(document.id);
    for (const measure of after.measures.filter((m: Measure) => named.some((n: Measure) => n.id === m.id)))
      expect(measure.resolution['市大数据中心'].unitIds).toEqual([t.fixture.units.finance.id]);
  });

  it('warns about a notice imported twice and refuses to publish it twice unless confirmed', async () => {
    const original = await importText(sample(101).replace('市大数据中心', '市财政局'));
    await t.http().post(`/api/v1/documents/${original.id}/publish`).set(supervisor).send({}).expect(200);
    // Same text with other line breaks and spaces, and a different text with the same 发文字号.
    const again = await importText(sample(101).replace('市大数据中心', '市财政局').replace(/\n/g, '\n\n '));
    const renamed = await importText(
      sample(101).replace('市大数据中心', '市财政局').replace('强化财政资金保障', '强化资金保障'),
    );
    expect(again.duplicates).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: original.id, status: 'published' })]),
    );
    expect(renamed.duplicates).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: original.id, reason: 'doc_number' })]),
    );
    // Another city's supervisor does not see (nor get blocked by) this city's document.
    const other = await t
      .http()
      .post('/api/v1/documents/import')
      .set(await t.login('other_supervisor'))
      .send({ text: SAMPLE_POLICY_TEXT })
      .expect(201);
    expect(other.body.documents[0].duplicates).toEqual([]);

    const refused = await t
      .http()
      .post(`/api/v1/documents/${again.id}/publish`)
      .set(supervisor)
      .send({})
      .expect(409);
    expect(refused.body).toMatchObject({ code: 'CONFLICT', details: { duplicates: [{ id: original.id }] } });
    expect(refused.body.message).toMatch(/已交办过/);
    const published = await t
      .http()
      .post(`/api/v1/documents/${again.id}/publish`)
      .set(supervisor)
      .send({ confirmDuplicate: true })
      .expect(200);
    expect(published.body.tasksCreated).toBe(3);
  });

  it('proposes an alias instead of creating a second unit, and never creates a unit from a group phrase', async () => {
    const admin = await t.login('admin');
    await t
      .http()
      .post('/api/v1/units')
      .set(admin)
      .send({ name: '测试市地方金融监督管理局', parentId: t.fixture.units.city.id, region: '测试市' })
      .expect(201);
    const text = sample(102)
      .replace('市大数据中心', '市金融局、各开发区管委会')
      .replace('责任单位：市审批局', '责任单位：公共服务单位');
    const document = await importText(text);
    const third: Measure = document.measures[2];
    expect(third.resolution['市金融局']).toMatchObject({
      status: 'alias_proposed',
      candidates: [{ path: '测试市人民政府 › 测试市地方金融监督管理局' }],
    });
    expect(third.resolution['各开发区管委会']).toMatchObject({ status: 'group', unitIds: [] });
    const url = `/api/v1/documents/${document.id}/publish`;
    const refused = await t.http().post(url).set(supervisor).send({ createMissingUnits: true }).expect(409);
    expect(refused.body.details.aliasProposals).toEqual([
      expect.objectContaining({ name: '市金融局', unitName: '测试市地方金融监督管理局' }),
    ]);
    const published = await t
      .http()
      .post(url)
      .set(supervisor)
      .send({ createMissingUnits: true, acceptProposedAliases: true })
      .expect(200);
    expect(published.body).toMatchObject({
      unitsCreated: [],
      aliasesConfirmed: ['市金融局'],
      groupPhrasesLeft: expect.arrayContaining(['各开发区管委会', '公共服务单位']),
    });
    const names = (await t.dataSource.query('SELECT name FROM unit')).map((u: { name: string }) => u.name);
    expect(names).not.toContain('各开发区管委会');
    expect(names).not.toContain('公共服务单位');
    expect(names).not.toContain('市金融局');
  });

  it('bounds /units/resolve: at most 200 names of 100 characters, with a Chinese message', async () => {
    const resolve = (names: string[]) =>
      t.http().post('/api/v1/units/resolve').set(supervisor).send({ names, region: '测试市' });
    const tooMany = await resolve(Array.from({ length: 201 }, (_, i) => `单位${i}`)).expect(400);
    expect(tooMany.body.message).toMatch(/一次最多匹配 200 个单位名称/);
    const tooLong = await resolve(['局'.repeat(101)]).expect(400);
    expect(tooLong.body.message).toMatch(/单位名称不能超过 100 个字/);
    const full = await resolve(
      Array.from({ length: 200 }, (_, i) => `市${'综合行政审批服务'.repeat(11)}${i}`.slice(0, 100)),
    ).expect(200);
    expect(full.body.items).toHaveLength(200);
    const ok = await resolve(['市住房保障局', '市审批局']).expect(200);
    expect(ok.body.items[1]).toMatchObject({
      status: 'alias',
      candidates: [{ path: '测试市人民政府 › 测试市行政审批局' }],
    });
  });
});
