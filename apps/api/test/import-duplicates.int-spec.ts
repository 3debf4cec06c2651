import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportedDocument, ImportJobView } from '@duban/contracts';
import { waitFor } from './support/wait-for';
import { createTestApp, type TestApp } from './support/test-app';

// A compilation (汇编) holds several notices, some already in the system (compilations overlap: the seeds' 001
// repeats 000). The import answers, for each notice it stored, which documents already look like it, so the
// dialog can warn next to that notice: on the direct path and on the background job's.
const COMPILATION = readFileSync(
  join(__dirname, '../../../seeds/demo/compilations/000_489f5516810d9fc7.txt'),
  'utf8',
);
/** The compilation's first three notices (知识产权保护, 应急管理 20 条, 双随机), and the second one alone. */
const THREE_NOTICES = COMPILATION.slice(0, 8750);
const TWO_NOTICES = COMPILATION.slice(0, 5959);
const SECOND_ALONE = COMPILATION.slice(3408, 5959);

describe('import: duplicates named for each notice of a compilation', () => {
  let t: TestApp;
  let supervisor: { Authorization: string };
  let first: string;
  beforeAll(async () => {
    // Under 20 KB imports answer at once; the three-notice slice (24 KB) goes to the worker.
    t = await createTestApp({ role: 'all', env: { IMPORT_ASYNC_THRESHOLD_KB: '20' } });
    supervisor = await t.login('supervisor');
  });
  afterAll(() => t.close());

  const importText = (text: string) =>
    t.http().post('/api/v1/documents/import').set(supervisor).send({ text });
  const summary = (documents: ImportedDocument[]) =>
    documents.map((d) => ({
      docNumber: d.docNumber,
      duplicates: d.duplicates.map((dup) => [dup.id, dup.reason, dup.status]),
    }));

  it('stores one notice with nothing like it yet', async () => {
    const { body } = await importText(SECOND_ALONE).expect(201);
    expect(summary(body.documents)).toEqual([{ docNumber: '冀应急〔2023〕4号', duplicates: [] }]);
    first = body.documents[0].id;
  });

  it('names the earlier copy next to the one notice of a compilation it concerns (direct import)', async () => {
    const { body } = await importText(TWO_NOTICES).expect(201);
    expect(summary(body.documents)).toEqual([
      { docNumber: '冀市监函〔2023〕113号', duplicates: [] },
      { docNumber: '冀应急〔2023〕4号', duplicates: [[first, 'doc_number', 'draft']] },
    ]);
  });

  it('does the same for a compilation parsed in the background: the finished job lists each notice', async () => {
    const queued = await importText(THREE_NOTICES).expect(202);
    const job = await waitFor('the import job', async () => {
      const { body } = await t
        .http()
        .get(`/api/v1/documents/import-jobs/${queued.body.jobId}`)
        .set(supervisor)
        .expect(200);
      return ['completed', 'failed'].includes(body.state) && (body as ImportJobView);
    });
    expect(job.state).toBe('completed');
    expect(job.documents.map((d) => d.id)).toEqual(job.documentIds);
    const twice: { id: string }[] = await t.dataSource.query(
      `SELECT id FROM policy_document WHERE doc_number = '冀市监函〔2023〕113号' AND NOT (id = ANY($1)) ORDER BY created_at`,
      [job.documentIds],
    );
    const [apply, , random] = job.documents;
    expect(apply.measureCount).toBeGreaterThan(0);
    expect(summary(job.documents)).toEqual([
      { docNumber: '冀市监函〔2023〕113号', duplicates: [[twice[0].id, 'doc_number', 'draft']] },
      {
        docNumber: '冀应急〔2023〕4号',
        duplicates: expect.arrayContaining([[first, 'doc_number', 'draft']]),
      },
      { docNumber: '冀市监办〔2023〕2号', duplicates: [] },
    ]);
    expect(random.duplicates).toEqual([]);
    // Another region's supervisor imported nothing of this: a job's answer is only for its importer.
    await t
      .http()
      .get(`/api/v1/documents/import-jobs/${queued.body.jobId}`)
      .set(await t.login('other_supervisor'))
      .expect(404);
  });
});
