import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A progress report writes only what it changes (issue 9: the report POST at 1M).
 * - duban_refresh_task(task, scope): the units covering a task (scope_units: every ancestor-or-self of an
 *   assigned unit) change only when an assignment is added, removed or moved to another unit or task, so
 *   the assignment trigger recomputes them only then; a report, an acceptance or a new deadline keeps them.
 * - assignment.live_deadline (and behind_from, which RankingCounters derives in the same trigger from the
 *   progress) is recomputed on update only when its inputs (status, deadline, task, progress) change or a
 *   writer cleared it (the task trigger and the rebuild clear it to have it recomputed).
 * - ix_app_user_supervisor: the active supervisors (a few dozen of thousands of users), which every
 *   submission's ledger insert looks for to find the nearest jurisdiction (it scanned app_user).
 */
export class LeanReportTriggers1796181000000 implements MigrationInterface {
  name = 'LeanReportTriggers1796181000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION duban_refresh_task(uuid)');
    await queryRunner.query(refreshTask(true));
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION duban_assignment_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        scope boolean := TG_OP <> 'UPDATE' OR (OLD.unit_id, OLD.task_id) IS DISTINCT FROM (NEW.unit_id, NEW.task_id);
      BEGIN
        IF TG_OP <> 'INSERT' THEN PERFORM duban_refresh_task(OLD.task_id, scope); END IF;
        IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.task_id <> OLD.task_id) THEN
          PERFORM duban_refresh_task(NEW.task_id, scope);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query('DROP TRIGGER assignment_live_deadline ON assignment');
    await queryRunner.query(`
      CREATE TRIGGER assignment_live_deadline BEFORE INSERT ON assignment
      FOR EACH ROW EXECUTE FUNCTION duban_assignment_live_deadline()`);
    await queryRunner.query(`
      CREATE TRIGGER assignment_live_deadline_changed BEFORE UPDATE ON assignment FOR EACH ROW
      WHEN (NEW.live_deadline IS NULL
            OR (OLD.status, OLD.deadline, OLD.task_id, OLD.progress)
               IS DISTINCT FROM (NEW.status, NEW.deadline, NEW.task_id, NEW.progress))
      EXECUTE FUNCTION duban_assignment_live_deadline()`);
    await queryRunner.query(
      `CREATE INDEX "ix_app_user_supervisor" ON "app_user" ("unit_id") WHERE active AND 'supervisor' = ANY(roles)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_app_user_supervisor"');
    await queryRunner.query('DROP TRIGGER assignment_live_deadline_changed ON assignment');
    await queryRunner.query('DROP TRIGGER assignment_live_deadline ON assignment');
    await queryRunner.query(`
      CREATE TRIGGER assignment_live_deadline BEFORE INSERT OR UPDATE ON assignment
      FOR EACH ROW EXECUTE FUNCTION duban_assignment_live_deadline()`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION duban_assignment_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN PERFORM duban_refresh_task(OLD.task_id); END IF;
        IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.task_id <> OLD.task_id) THEN
          PERFORM duban_refresh_task(NEW.task_id);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query('DROP FUNCTION duban_refresh_task(uuid, boolean)');
    await queryRunner.query(refreshTask(false));
  }
}

/**
 * duban_refresh_task as DeadlineSignals made it, or with the choice to keep scope_units; `briefs` (migration
 * AssignmentBriefs): an SQL expression of the task's assignment briefs, kept in the same row update.
 */
export function refreshTask(withScope: boolean, briefs?: string): string {
  const scopeUnits = `COALESCE((SELECT array_agg(DISTINCT s.id ORDER BY s.id) FROM assignment b JOIN unit u ON u.id = b.unit_id
                          CROSS JOIN unnest(string_to_array(u.path, '/')::uuid[]) AS s(id) WHERE b.task_id = t.id), '{}')`;
  return `
      CREATE ${briefs ? 'OR REPLACE ' : ''}FUNCTION duban_refresh_task(p_task uuid${withScope ? ', p_scope boolean DEFAULT true' : ''})
      RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        r record;
      BEGIN
        SELECT CASE WHEN t.status = 'in_progress' THEN min(a.deadline) FILTER (WHERE duban_is_open(a.status)) END AS open_deadline,
               CASE WHEN t.status = 'in_progress' THEN min(duban_behind_from(t.start_date, a.deadline, a.progress, duban_behind_threshold()))
                 FILTER (WHERE duban_is_open(a.status)) END AS behind_from,
               COALESCE(max(a.deadline) FILTER (WHERE a.status <> 'returned'), t.deadline) AS final_deadline,
               CASE WHEN t.status = 'completed' THEN 100 ELSE COALESCE(
                 round(avg(a.progress) FILTER (WHERE a.role = 'lead' AND a.status <> 'returned')),
                 round(avg(a.progress) FILTER (WHERE a.status <> 'returned')), 0)::int END AS progress,
               ${withScope ? `CASE WHEN p_scope THEN ${scopeUnits} ELSE t.scope_units END` : scopeUnits} AS scope_units${
                 briefs
                   ? `,
               ${briefs} AS briefs`
                   : ''
               }
          INTO r
          FROM task t LEFT JOIN assignment a ON a.task_id = t.id
         WHERE t.id = p_task
         GROUP BY t.id, t.status, t.start_date, t.deadline;
        IF NOT FOUND THEN RETURN; END IF;
        UPDATE task SET open_deadline = r.open_deadline, behind_from = r.behind_from, final_deadline = r.final_deadline,
                        rollup_progress = r.progress, scope_units = r.scope_units${briefs ? ', assignment_briefs = r.briefs' : ''}
         WHERE id = p_task
           AND (open_deadline, behind_from, final_deadline, rollup_progress, scope_units${briefs ? ', assignment_briefs' : ''})
               IS DISTINCT FROM (r.open_deadline, r.behind_from, r.final_deadline, r.progress, r.scope_units${briefs ? ', r.briefs' : ''});
      END $$`;
}
