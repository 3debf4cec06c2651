import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePolicyText } from '@duban/policy-parser';
import { Document, Packer, Paragraph } from 'docx';
import PDFDocument from 'pdfkit';
import { SAMPLE_POLICY_TEXT } from './support/sample-document';
import { waitFor } from './support/wait-for';
import { createTestApp, type TestApp } from './support/test-app';

const SEEDS = join(__dirname, '../../../seeds/demo/compilations');
const CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc';

const counts = async (t: TestApp) =>
  (
    await t.dataSource
      .query(`SELECT (SELECT count(*) FROM policy_document)::int AS documents, (SELECT count(*) FROM measure)::int AS measures,
     (SELECT count(*) FROM task)::int AS tasks, (SELECT count(*) FROM assignment)::int AS assignments`)
  )[0];

async function docxOf(text: string): Promise<Buffer> {
  const document = new Document({
    sections: [{ children: text.split('\n').map((line) => new Paragraph(line)) }],
  });
  return Packer.toBuffer(document);
}

function pdfOf(text: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({ size: 'A4', margin: 50 });
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    pdf.font(CJK_FONT, 'WenQuanYiZenHei').fontSize(11);
    for (const line of text.split('\n')) pdf.text(line, { width: 480 });
    pdf.end();
  });
}

/** POST /documents/import as `headers`' user; the caller adds the text or file and the expected status. */
const importRequest = (t: TestApp, headers: Record<string, string>) =>
  t.http().post('/api/v1/documents/import').set(headers);

describe('documents: import, review and publish', () => {
  let t: TestApp;
  let supervisor: { Authorization: string };
  beforeAll(async () => {
    t = await createTestApp({ env: { MAX_UPLOAD_MB: '2', IMPORT_ASYNC_THRESHOLD_KB: '2048' } });
    supervisor = await t.login('supervisor');
  });
  afterAll(() => t.close());

  it('imports pasted text into a draft with measures, units, deadlines and source spans', async () => {
    const response = await importRequest(t, supervisor).send({ text: SAMPLE_POLICY_TEXT }).expect(201);
    expect(response.body.documents).toHaveLength(1);
    const document = response.body.documents[0];
    expect(document).toMatchObject({
      docNumber: '测政办〔2023〕9号',
      issuedOn: '2023-03-01',
      region: '测试市',
      status: 'draft',
    });
    expect(document.measures.map((m: { number: string }) => m.number)).toEqual(['1', '2', '3']);
    const [first, , third] = document.measures;
    expect(first).toMatchObject({
      title: '深化审批制度改革',
      leadUnits: ['市行政审批局'],
      responsibleUnits: ['市市场监管局', '各县（市、区）人民政府'],
      deadline: '2023-06-30',
      ongoing: false,
    });
    expect(third).toMatchObject({ deadline: null, ongoing: true });
    const lead = first.spans.leadUnits[0];
    expect(document.sourceText.slice(lead.start, lead.end)).toBe('市行政审批局');
    // Resolution is scoped by the document's region: 市行政审批局 in a 测试市 document is 测试市行政审批局.
    expect(first.resolution['市行政审批局']).toMatchObject({
      status: 'exact',
      unitIds: [t.fixture.units.approval.id],
    });
    expect(first.resolution['市市场监管局']).toMatchObject({
      status: 'alias',
      unitIds: [t.fixture.units.market.id],
    });
    expect(first.resolution['各县（市、区）人民政府']).toMatchObject({ status: 'group' });
    expect(first.resolution['各县（市、区）人民政府'].unitIds.sort()).toEqual(
      [t.fixture.units.countyA.id, t.fixture.units.countyB.id].sort(),
    );
    expect(third.resolution['市大数据中心']).toMatchObject({ status: 'unresolved', unitIds: [] });
  });

  it('refuses empty and unparseable input with 422 and stores nothing', async () => {
    const before = await counts(t);
    const empty = await importRequest(t, supervisor).send({ text: '   ' }).expect(422);
    expect(empty.body.code).toBe('DOCUMENT_UNPARSEABLE');
    const prose = await importRequest(t, supervisor)
      .send({ text: '今天天气很好，我们去公园散步。' })
      .expect(422);
    expect(prose.body.message).toMatch(/未能从文件中识别/);
    const uploads: [content: string, fileName: string, status: number][] = [
      ['', 'empty.txt', 422],
      ['x', 'photo.exe', 400],
      ['not a zip', 'broken.docx', 422],
    ];
    for (const [content, fileName, status] of uploads) {
      await importRequest(t, supervisor).attach('file', Buffer.from(content), fileName).expect(status);
    }
    expect(await counts(t)).toEqual(before);
  });

  it('answers 413 for a body over the size limit', async () => {
    const response = await importRequest(t, supervisor)
      .send({ text: '字'.repeat(1_200_000) })
      .expect(413);
    expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('imports a DOCX and a PDF built here, with the same measures as the text', async () => {
    const expected = parsePolicyText(SAMPLE_POLICY_TEXT).documents[0].measures.map((m) => [
      m.number,
      m.leadUnits,
      m.deadline,
    ]);
    for (const [name, buffer] of [
      ['通知.docx', await docxOf(SAMPLE_POLICY_TEXT)],
      ['通知.pdf', await pdfOf(SAMPLE_POLICY_TEXT)],
    ] as const) {
      const response = await importRequest(t, supervisor).attach('file', buffer, name).expect(201);
      const document = response.body.documents[0];
      expect(document.fileName).toBe(name);
      expect(
        document.measures.map((m: { number: string; leadUnits: string[]; deadline: string }) => [
          m.number,
          m.leadUnits,
          m.deadline,
        ]),
      ).toEqual(expected);
    }
  });

  it.each(readdirSync(SEEDS))(
    'gives the same measures through the API as the parser for seed %s',
    async (file) => {
      const text = readFileSync(join(SEEDS, file), 'utf8');
      const expected = parsePolicyText(text).documents.filter((d) => d.measures.length);
      const response = await importRequest(t, supervisor).send({ text, fileName: file }).expect(201);
      const shape = (m: {
        number: string;
        title: string;
        leadUnits: string[];
        responsibleUnits: string[];
        deadline: string | null;
        ongoing: boolean;
      }) => [m.number, m.title, m.leadUnits, m.responsibleUnits, m.deadline, m.ongoing];
      expect(
        response.body.documents.map((d: { docNumber: string; measures: Parameters<typeof shape>[0][] }) => [
          d.docNumber,
          d.measures.map(shape),
        ]),
      ).toEqual(expected.map((d) => [d.docNumber, d.measures.map(shape)]));
    },
  );

  it('lets a supervisor correct a draft measure, with stale versions refused', async () => {
    const { body } = await importRequest(t, supervisor).send({ text: SAMPLE_POLICY_TEXT }).expect(201);
    const document = body.documents[0];
    const measure = document.measures[1];
    const url = `/api/v1/documents/${document.id}/measures/${measure.id}`;
    const updated = await t
      .http()
      .patch(url)
      .set(supervisor)
      .send({ deadlineText: '9月底前', version: measure.version })
      .expect(200);
    expect(updated.body).toMatchObject({
      deadlineText: '9月底前',
      deadline: '2023-09-30',
      version: measure.version + 1,
    });
    const stale = await t
      .http()
      .patch(url)
      .set(supervisor)
      .send({ title: '旧版本的修改', version: measure.version })
      .expect(409);
    expect(stale.body.code).toBe('STALE_VERSION');
    await t
      .http()
      .patch(url)
      .set(await t.login('leader'))
      .send({ title: 'x' })
      .expect(403);
  });

  it('publishes: 409 with unresolved names, then a chosen unit saved as alias, then tasks; a second publish creates nothing', async () => {
    const { body } = await importRequest(t, supervisor).send({ text: SAMPLE_POLICY_TEXT }).expect(201);
    const document = body.documents[0];
    const before = await counts(t);
    const refused = await t
      .http()
      .post(`/api/v1/documents/${document.id}/publish`)
      .set(supervisor)
      .send({})
      .expect(409);
    expect(refused.body).toMatchObject({
      code: 'UNRESOLVED_UNITS',
      details: { unresolved: ['市大数据中心'] },
    });
    expect(await counts(t)).toEqual(before);

    const third = document.measures[2];
    await t
      .http()
      .patch(`/api/v1/documents/${document.id}/measures/${third.id}`)
      .set(supervisor)
      .send({ unitChoices: { 市大数据中心: [t.fixture.units.finance.id] }, saveChoicesAsAliases: true })
      .expect(200);
    // The sample's deadlines (2023) are past by the real clock: keep them, marked late.
    const published = await t
      .http()
      .post(`/api/v1/documents/${document.id}/publish`)
      .set(supervisor)
      .send({ pastDeadlines: 'keep_late' })
      .expect(200);
    // measure 1: lead 审批局, responsible 市场监管局 + two counties; 2: 财政局 + 审批局; 3: 市场监管局 + 财政局 (chosen)
    expect(published.body).toMatchObject({ tasksCreated: 3, assignmentsCreated: 8, unitsCreated: [] });
    const again = await t
      .http()
      .post(`/api/v1/documents/${document.id}/publish`)
      .set(supervisor)
      .send({})
      .expect(200);
    expect(again.body).toMatchObject({ tasksCreated: 0, assignmentsCreated: 0 });
    expect((await counts(t)).tasks).toBe(before.tasks + 3);

    // The saved alias resolves the next document by itself.
    const next = await importRequest(t, supervisor).send({ text: SAMPLE_POLICY_TEXT }).expect(201);
    expect(next.body.documents[0].measures[2].resolution['市大数据中心']).toMatchObject({
      status: 'alias',
      unitIds: [t.fixture.units.finance.id],
    });
    const detail = await t.http().get(`/api/v1/documents/${document.id}`).set(supervisor).expect(200);
    expect(detail.body).toMatchObject({ status: 'published', taskCount: 3 });
    await t
      .http()
      .patch(`/api/v1/documents/${document.id}/measures/${third.id}`)
      .set(supervisor)
      .send({ title: '改' })
      .expect(409);
  });

  it('creates missing units on request', async () => {
    // Its own 发文字号: the sample was published above, and a second copy would need confirmDuplicate.
    const text = SAMPLE_POLICY_TEXT.replace('市大数据中心', '市新设数据局').replace(
      '〔2023〕9号',
      '〔2023〕18号',
    );
    const { body } = await importRequest(t, supervisor).send({ text }).expect(201);
    const published = await t
      .http()
      .post(`/api/v1/documents/${body.documents[0].id}/publish`)
      .set(supervisor)
      .send({ createMissingUnits: true, pastDeadlines: 'keep_late' })
      .expect(200);
    expect(published.body).toMatchObject({ tasksCreated: 3, unitsCreated: ['市新设数据局'] });
    const [unit] = await t.dataSource.query('SELECT parent_id, region FROM unit WHERE name = $1', [
      '市新设数据局',
    ]);
    expect(unit).toEqual({ parent_id: t.fixture.units.city.id, region: '测试市' });
  });

  it("puts new units under the region's government even when a province sits above it", async () => {
    const admin = await t.login('admin');
    const create = (body: object) => t.http().post('/api/v1/units').set(admin).send(body).expect(201);
    const province = await create({ name: '上级省人民政府', kind: 'government', region: '上级省' });
    const city = await create({
      name: '远方市人民政府',
      kind: 'government',
      region: '远方市',
      parentId: province.body.id,
    });
    const { body } = await importRequest(t, admin)
      .send({
        text: SAMPLE_POLICY_TEXT.replaceAll('测试市', '远方市').replace('〔2023〕9号', '〔2023〕19号'),
      })
      .expect(201);
    await t
      .http()
      .post(`/api/v1/documents/${body.documents[0].id}/publish`)
      .set(admin)
      .send({ createMissingUnits: true, pastDeadlines: 'keep_late' })
      .expect(200);
    const parents = await t.dataSource.query(
      `SELECT DISTINCT parent_id FROM unit WHERE region = '远方市' AND name <> '远方市人民政府'`,
    );
    expect(parents).toEqual([{ parent_id: city.body.id }]);
    const [document] = await t.dataSource.query('SELECT owner_unit_id FROM policy_document WHERE id = $1', [
      body.documents[0].id,
    ]);
    expect(document).toEqual({ owner_unit_id: city.body.id });
  });
});

describe('documents: large files parse in a background job', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ role: 'all', env: { IMPORT_ASYNC_THRESHOLD_KB: '1' } });
  });
  afterAll(() => t.close());

  it('returns 202 with a job id, and the job stores the drafts', async () => {
    const supervisor = await t.login('supervisor');
    const queued = await importRequest(t, supervisor).send({ text: SAMPLE_POLICY_TEXT }).expect(202);
    expect(queued.body).toMatchObject({ state: 'waiting', jobId: expect.any(String) });
    let job = queued.body;
    for (let i = 0; i < 100 && job.state !== 'completed' && job.state !== 'failed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = (
        await t.http().get(`/api/v1/documents/import-jobs/${queued.body.jobId}`).set(supervisor).expect(200)
      ).body;
    }
    expect(job).toMatchObject({ state: 'completed', progress: 100 });
    expect(job.documentIds).toHaveLength(1);
    const document = await t
      .http()
      .get(`/api/v1/documents/${job.documentIds[0]}`)
      .set(supervisor)
      .expect(200);
    expect(document.body.measures).toHaveLength(3);
  });

  it("gives the job's documents to the importer's unit, even for another region's notice", async () => {
    const supervisor = await t.login('supervisor');
    const queued = await importRequest(t, supervisor)
      .send({ text: SAMPLE_POLICY_TEXT.replaceAll('测试市', '远方市') })
      .expect(202);
    const job = await waitFor('the import job', async () => {
      const { body } = await t
        .http()
        .get(`/api/v1/documents/import-jobs/${queued.body.jobId}`)
        .set(supervisor);
      return body.state === 'completed' && body;
    });
    const [document] = await t.dataSource.query(
      'SELECT region, owner_unit_id FROM policy_document WHERE id = $1',
      [job.documentIds[0]],
    );
    expect(document).toEqual({ region: '远方市', owner_unit_id: t.fixture.units.city.id });
    await t.http().get(`/api/v1/documents/${job.documentIds[0]}`).set(supervisor).expect(200);
  });
});
