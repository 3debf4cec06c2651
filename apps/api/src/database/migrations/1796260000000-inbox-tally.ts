import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 待办 counts kept on write (issue 9). The supervisor's menu badge counted, on every page, every report waiting
 * for review in the jurisdiction (467,593 at 1M: 10 s, then the read timeout), and the 待办 list counted them
 * again for its total. Now:
 * - inbox_tally: per unit × kind ('reports' submitted for review, 'extensions' pending a decision,
 *   'completions' requested), what waits in tasks in progress, as the inbox lists them; inbox_tally_delta: +1/−1
 *   rows appended by triggers (no row two writers wait on), folded into inbox_tally by duban_fold_inbox.
 * - A report's or an extension request's row counts through duban_inbox_row, which reads its assignment's
 *   unit and its task's state under a share lock on the assignment; a task entering or leaving progress
 *   (duban_task_waits) first locks its assignments, then adds or takes what waits on them. Either way the one
 *   that comes second sees the other's committed state, so a report filed while its task is cancelled is
 *   counted once or not at all.
 * - An assignment's unit and task never change (a reassignment creates a new assignment); its completion
 *   request counts from its status. These are not figure counters: duban.figures_off does not pause them.
 * Overdue assignments, the badge's fourth figure, are figure_unit's markers before today (the unit ranking's
 * overdue).
 */
export class InboxTally1796260000000 implements MigrationInterface {
  name = 'InboxTally1796260000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const key = `"unit_id" uuid NOT NULL, "kind" varchar(16) NOT NULL, "n" integer NOT NULL`;
    await queryRunner.query(`CREATE TABLE "inbox_tally_delta" (${key})`);
    await queryRunner.query(
      `CREATE TABLE "inbox_tally" (${key}, PRIMARY KEY ("unit_id", "kind") INCLUDE ("n"))`,
    );
    await queryRunner.query(`
      CREATE FUNCTION duban_inbox_row(p_assignment uuid, p_kind text, p_n integer) RETURNS void
      LANGUAGE plpgsql AS $$
      BEGIN
        -- The share lock waits for a task changing state (it holds its assignments), so the read below sees it.
        PERFORM 1 FROM assignment WHERE id = p_assignment FOR SHARE;
        INSERT INTO inbox_tally_delta (unit_id, kind, n)
        SELECT a.unit_id, p_kind, p_n FROM assignment a JOIN task t ON t.id = a.task_id
         WHERE a.id = p_assignment AND t.status = 'in_progress';
      END $$`);
    for (const [table, kind, waiting] of [
      ['progress_report', 'reports', 'submitted'],
      ['extension_request', 'extensions', 'pending'],
    ]) {
      await queryRunner.query(`
        CREATE FUNCTION duban_${table}_waits() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'UPDATE' AND OLD.status = NEW.status AND OLD.assignment_id = NEW.assignment_id THEN
            RETURN NULL;
          END IF;
          IF TG_OP <> 'INSERT' AND OLD.status = '${waiting}' THEN
            PERFORM duban_inbox_row(OLD.assignment_id, '${kind}', -1);
          END IF;
          IF TG_OP <> 'DELETE' AND NEW.status = '${waiting}' THEN
            PERFORM duban_inbox_row(NEW.assignment_id, '${kind}', 1);
          END IF;
          RETURN NULL;
        END $$`);
      await queryRunner.query(`CREATE TRIGGER ${table}_waits AFTER INSERT OR DELETE OR UPDATE OF status, assignment_id
        ON ${table} FOR EACH ROW EXECUTE FUNCTION duban_${table}_waits()`);
    }
    await queryRunner.query(`
      CREATE FUNCTION duban_assignment_waits() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        was boolean := TG_OP <> 'INSERT' AND OLD.status = 'completion_requested';
        now_ boolean := TG_OP <> 'DELETE' AND NEW.status = 'completion_requested';
      BEGIN
        IF was = now_ THEN RETURN NULL; END IF;
        INSERT INTO inbox_tally_delta (unit_id, kind, n)
        SELECT COALESCE(NEW.unit_id, OLD.unit_id), 'completions', CASE WHEN now_ THEN 1 ELSE -1 END
          FROM task t WHERE t.id = COALESCE(NEW.task_id, OLD.task_id) AND t.status = 'in_progress';
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER assignment_waits AFTER INSERT OR DELETE OR UPDATE OF status
      ON assignment FOR EACH ROW EXECUTE FUNCTION duban_assignment_waits()`);
    // What waits on a task's assignments, per unit and kind (a task entering or leaving progress).
    await queryRunner.query(`
      CREATE FUNCTION duban_task_waiting(p_task uuid) RETURNS TABLE (unit_id uuid, kind text, n integer)
      LANGUAGE sql STABLE AS $$
        SELECT a.unit_id, 'completions', count(*)::int FROM assignment a
         WHERE a.task_id = p_task AND a.status = 'completion_requested' GROUP BY a.unit_id
        UNION ALL
        SELECT a.unit_id, 'reports', count(*)::int FROM assignment a
          JOIN progress_report r ON r.assignment_id = a.id AND r.status = 'submitted'
         WHERE a.task_id = p_task GROUP BY a.unit_id
        UNION ALL
        SELECT a.unit_id, 'extensions', count(*)::int FROM assignment a
          JOIN extension_request e ON e.assignment_id = a.id AND e.status = 'pending'
         WHERE a.task_id = p_task GROUP BY a.unit_id
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION duban_task_waits() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (OLD.status = 'in_progress') = (NEW.status = 'in_progress') THEN RETURN NULL; END IF;
        -- duban_task_changed has updated (so locked) these assignments already; held here, not assumed: a
        -- report or request filed meanwhile waits for them, or they wait for it (duban_inbox_row).
        PERFORM 1 FROM assignment WHERE task_id = NEW.id FOR NO KEY UPDATE;
        INSERT INTO inbox_tally_delta (unit_id, kind, n)
        SELECT w.unit_id, w.kind, CASE WHEN NEW.status = 'in_progress' THEN w.n ELSE -w.n END
          FROM duban_task_waiting(NEW.id) w;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER task_waits_changed AFTER UPDATE OF status
      ON task FOR EACH ROW EXECUTE FUNCTION duban_task_waits()`);
    // Moves the deltas into the tally (one statement: a read sees both before or both after). Returns the rows moved.
    await queryRunner.query(`
      CREATE FUNCTION duban_fold_inbox() RETURNS integer LANGUAGE sql AS $$
        WITH moved AS (DELETE FROM inbox_tally_delta RETURNING unit_id, kind, n),
             folded AS (
               INSERT INTO inbox_tally AS k (unit_id, kind, n)
               SELECT unit_id, kind, sum(n)::int FROM moved GROUP BY unit_id, kind
               ON CONFLICT (unit_id, kind) DO UPDATE SET n = k.n + excluded.n)
        SELECT count(*)::int FROM moved
      $$`);
    // The tally from the rows (this backfill; seed:load after loading with triggers off).
    await queryRunner.query(`
      CREATE FUNCTION duban_rebuild_inbox() RETURNS void LANGUAGE sql AS $$
        -- Writers wait (their deltas and rows land after the recount), so nothing is counted twice or lost.
        LOCK TABLE inbox_tally_delta IN EXCLUSIVE MODE;
        DELETE FROM inbox_tally_delta;
        DELETE FROM inbox_tally;
        INSERT INTO inbox_tally (unit_id, kind, n)
        SELECT a.unit_id, 'completions', count(*)::int FROM assignment a JOIN task t ON t.id = a.task_id
         WHERE t.status = 'in_progress' AND a.status = 'completion_requested' GROUP BY a.unit_id
        UNION ALL
        SELECT a.unit_id, 'reports', count(*)::int FROM progress_report r
          JOIN assignment a ON a.id = r.assignment_id JOIN task t ON t.id = a.task_id
         WHERE t.status = 'in_progress' AND r.status = 'submitted' GROUP BY a.unit_id
        UNION ALL
        SELECT a.unit_id, 'extensions', count(*)::int FROM extension_request e
          JOIN assignment a ON a.id = e.assignment_id JOIN task t ON t.id = a.task_id
         WHERE t.status = 'in_progress' AND e.status = 'pending' GROUP BY a.unit_id;
      $$`);
    await queryRunner.query('SELECT duban_rebuild_inbox()');
    // 待办's completion requests, oldest first: a page walks them in order instead of sorting every one.
    await queryRunner.query(
      `CREATE INDEX "ix_assignment_completion_requested" ON "assignment" ("updated_at", "id") WHERE status = 'completion_requested'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_assignment_completion_requested"');
    await queryRunner.query('DROP TRIGGER task_waits_changed ON task');
    await queryRunner.query('DROP TRIGGER assignment_waits ON assignment');
    await queryRunner.query('DROP TRIGGER extension_request_waits ON extension_request');
    await queryRunner.query('DROP TRIGGER progress_report_waits ON progress_report');
    for (const fn of [
      'duban_rebuild_inbox()',
      'duban_fold_inbox()',
      'duban_task_waits()',
      'duban_task_waiting(uuid)',
      'duban_assignment_waits()',
      'duban_extension_request_waits()',
      'duban_progress_report_waits()',
      'duban_inbox_row(uuid, text, integer)',
    ])
      await queryRunner.query(`DROP FUNCTION ${fn}`);
    await queryRunner.query('DROP TABLE "inbox_tally"');
    await queryRunner.query('DROP TABLE "inbox_tally_delta"');
  }
}
