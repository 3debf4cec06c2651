import { addDays, type InboxKind } from '@duban/contracts';
import { Client } from 'pg';
import type { Db } from '../src/database/prepared';
import { countOf, inboxCounts, inboxItems } from '../src/modules/read-model/inbox.queries';
import type { Scope } from '../src/modules/units/jurisdiction';
import { clonedClient, insertRootUnits } from './support/test-app';

const KINDS: InboxKind[] = ['reports', 'extensions', 'completions', 'overdue'];

/**
 * The 待办 counts come from counters kept on write (migration InboxTally) and figure_unit; each must equal
 * the rows the 待办 list shows, in every jurisdiction, after every kind of move, and when a report races a
 * task leaving progress.
 */
describe('待办 counts kept on write', () => {
  const connection = clonedClient();
  let client: Client;
  let reads: Db;
  let today: string;
  const unit: Record<'root' | 'a' | 'b' | 'a1', string> = { root: '', a: '', b: '', a1: '' };
  let scopes: Scope[];

  /** A unit under `parent`, its path the parent's and its id. */
  async function child(name: string, parent: string): Promise<string> {
    const { rows } = await client.query(
      `INSERT INTO unit (name, path, parent_id) SELECT $1, p.path, p.id FROM unit p WHERE p.id = $2 RETURNING id`,
      [name, parent],
    );
    await client.query(`UPDATE unit SET path = path || '/' || id WHERE id = $1`, [rows[0].id]);
    return rows[0].id;
  }

  async function task(code: string): Promise<string> {
    const { rows } = await client.query(
      `INSERT INTO task (code, title, status, start_date, deadline) VALUES ($1, $2, 'in_progress', $3, $4) RETURNING id`,
      [code, `督办事项 ${code}`, addDays(today, -60), addDays(today, 30)],
    );
    return rows[0].id;
  }

  async function assignment(
    taskId: string,
    unitId: string,
    status: string,
    deadlineIn: number,
  ): Promise<string> {
    const { rows } = await client.query(
      `INSERT INTO assignment (task_id, unit_id, role, status, deadline) VALUES ($1, $2, 'responsible', $3, $4) RETURNING id`,
      [taskId, unitId, status, addDays(today, deadlineIn)],
    );
    return rows[0].id;
  }

  const report = async (assignmentId: string, status = 'submitted', on: Client = client) =>
    (
      await on.query(
        `INSERT INTO progress_report (assignment_id, content, progress, status) VALUES ($1, '进展', 50, $2) RETURNING id`,
        [assignmentId, status],
      )
    ).rows[0].id as string;

  /** Every jurisdiction's counts equal the rows counted; returns everything's counts. */
  async function agrees(): Promise<Record<InboxKind, number>> {
    let everything: Record<InboxKind, number> | undefined;
    for (const scope of scopes) {
      const counts = await inboxCounts(reads, scope, today);
      for (const kind of KINDS) {
        const counted = await countOf(reads, kind, scope, today);
        expect({ scope: scope.unitId, kind, count: counts[kind] }).toEqual({
          scope: scope.unitId,
          kind,
          count: counted,
        });
      }
      expect(counts.toDecide).toBe(counts.reports + counts.extensions + counts.completions);
      everything ??= counts;
    }
    return everything!;
  }

  beforeAll(async () => {
    client = connection();
    reads = { query: async (text, values) => (await client.query(text, values)).rows };
    [{ today }] = (
      await client.query(`SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date::text AS today`)
    ).rows;
    [unit.root] = await insertRootUnits(client, '待办省', 1);
    unit.a = await child('待办甲市', unit.root);
    unit.b = await child('待办乙厅', unit.root);
    unit.a1 = await child('待办甲市一县', unit.a);
    scopes = [null, unit.root, unit.a, unit.b, unit.a1].map((unitId) => ({ unitId, ownUnitOnly: false }));
  });

  it('after reports, reviews, extensions, completions, a task leaving and re-entering progress, and a fold', async () => {
    const t1 = await task('INBOX-1');
    const t2 = await task('INBOX-2');
    const a1 = await assignment(t1, unit.a, 'accepted', -5);
    const b1 = await assignment(t1, unit.b, 'completion_requested', 10);
    const a11 = await assignment(t2, unit.a1, 'pending', -1);
    const b2 = await assignment(t2, unit.b, 'accepted', 3);
    const first = await report(a1);
    await report(a1);
    await report(a1, 'approved');
    const late = await report(a11);
    await report(a11);
    const extension = (
      await client.query(
        `INSERT INTO extension_request (assignment_id, current_deadline, requested_deadline, reason)
         VALUES ($1, $2, $3, '等待批复') RETURNING id`,
        [b2, addDays(today, 3), addDays(today, 40)],
      )
    ).rows[0].id;
    expect(await agrees()).toEqual(
      expect.objectContaining({ reports: 4, extensions: 1, completions: 1, overdue: 2 }),
    );

    await client.query(`UPDATE progress_report SET status = 'approved' WHERE id = $1`, [first]);
    await client.query(`UPDATE extension_request SET status = 'approved' WHERE id = $1`, [extension]);
    await client.query(`UPDATE assignment SET status = 'completed' WHERE id = $1`, [b1]);
    await client.query(`UPDATE assignment SET status = 'completion_requested' WHERE id = $1`, [b2]);
    await client.query(`DELETE FROM progress_report WHERE id = $1`, [late]);
    expect(await agrees()).toEqual(
      expect.objectContaining({ reports: 2, extensions: 0, completions: 1, overdue: 2 }),
    );

    await client.query(`SELECT duban_fold_inbox()`);
    expect((await client.query(`SELECT count(*)::int AS n FROM inbox_tally_delta`)).rows[0].n).toBe(0);
    await client.query(`UPDATE task SET status = 'cancelled' WHERE id = $1`, [t2]);
    expect(await agrees()).toEqual(
      expect.objectContaining({ reports: 1, extensions: 0, completions: 0, overdue: 1 }),
    );
    await client.query(`UPDATE task SET status = 'in_progress' WHERE id = $1`, [t2]);
    expect(await agrees()).toEqual(
      expect.objectContaining({ reports: 2, extensions: 0, completions: 1, overdue: 2 }),
    );

    // A list page's total is the count, and it holds the rows counted, walked or driven from the units.
    for (const scope of scopes)
      for (const kind of KINDS) {
        const page = await inboxItems(reads, scope, today, { kind, page: 1, pageSize: 50 });
        expect(page.items).toHaveLength(page.total);
        expect(page.total).toBe(await countOf(reads, kind, scope, today));
      }
    // A page past the other growing lists' cap is refused before any OFFSET is read.
    await expect(
      inboxItems(reads, scopes[0], today, { kind: 'reports', page: 501, pageSize: 20 }),
    ).rejects.toThrow('页码过大');
  });

  it('counts a report filed while its task leaves progress once, whichever commits first', async () => {
    const other = new Client({
      host: client.host,
      port: client.port,
      database: client.database,
      user: client.user,
    });
    await other.connect();
    try {
      for (const reportFirst of [true, false]) {
        const taskId = await task(`INBOX-RACE-${reportFirst}`);
        const assignmentId = await assignment(taskId, unit.a1, 'accepted', 5);
        await client.query('BEGIN');
        await other.query('BEGIN');
        let second: Promise<unknown>;
        if (reportFirst) {
          await report(assignmentId, 'submitted', other);
          // Waits for the report's transaction (it holds the assignment), then counts its report.
          second = client.query(`UPDATE task SET status = 'cancelled' WHERE id = $1`, [taskId]);
          await new Promise((resolve) => setTimeout(resolve, 200));
          await other.query('COMMIT');
          await second;
          await client.query('COMMIT');
        } else {
          await client.query(`UPDATE task SET status = 'cancelled' WHERE id = $1`, [taskId]);
          // Waits for the cancellation, then finds the task no longer in progress.
          second = report(assignmentId, 'submitted', other);
          await new Promise((resolve) => setTimeout(resolve, 200));
          await client.query('COMMIT');
          await second;
          await other.query('COMMIT');
        }
        await agrees();
        await client.query(`UPDATE task SET status = 'in_progress' WHERE id = $1`, [taskId]);
        const counts = await agrees();
        expect(counts.reports).toBeGreaterThan(0);
      }
    } finally {
      await other.end();
    }
  });
});
