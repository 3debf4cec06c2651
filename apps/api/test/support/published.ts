import { SAMPLE_POLICY_TEXT } from './sample-document';
import type { TestApp } from './test-app';

export interface PublishedSample {
  documentId: string;
  /** Task ids in measure order: 1 (审批局 lead), 2 (财政局 lead, 审批局 responsible), 3 (市场监管局 lead). */
  taskIds: string[];
  assignment: (
    taskIndex: number,
    unitId: string,
  ) => Promise<{ id: string; version: number; status: string; deadline: string | null }>;
}

/** Imports and publishes the sample notice (市大数据中心 becomes a new unit). */
export async function publishSample(t: TestApp): Promise<PublishedSample> {
  const supervisor = await t.login('supervisor');
  const imported = await t
    .http()
    .post('/api/v1/documents/import')
    .set(supervisor)
    .send({ text: SAMPLE_POLICY_TEXT })
    .expect(201);
  const documentId = imported.body.documents[0].id;
  const published = await t
    .http()
    .post(`/api/v1/documents/${documentId}/publish`)
    .set(supervisor)
    .send({ createMissingUnits: true })
    .expect(200);
  const taskIds: string[] = published.body.taskIds;
  return {
    documentId,
    taskIds,
    assignment: async (taskIndex, unitId) =>
      (
        await t.dataSource.query(
          `SELECT id, version, status, to_char(deadline, 'YYYY-MM-DD') AS deadline FROM assignment WHERE task_id = $1 AND unit_id = $2`,
          [taskIds[taskIndex], unitId],
        )
      )[0],
  };
}
