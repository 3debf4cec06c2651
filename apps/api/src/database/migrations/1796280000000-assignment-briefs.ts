import type { MigrationInterface, QueryRunner } from 'typeorm';
import { refreshTask } from './1796181000000-lean-report-triggers';

/**
 * A task list row's assignments in brief kept on the task (issue 9: the overdue lists at 1M). A page of 20 tasks
 * built its ~80 briefs on every request (an index scan per task, a unit lookup per assignment, a JSON object
 * each): two thirds of the page's PostgreSQL time. Now task.assignment_briefs holds them as JSON text, written
 * by duban_refresh_task in the row update that keeps the task's rollups, so by every change that refreshes them
 * (an assignment added, removed or changed, its task's state, a unit moved or renamed; every move locks the
 * task first, AssignmentsService.lock, so two moves on one task see each other).
 * - The one field that depends on the day, `overdue`, is kept as the assignment's live deadline (a date, or
 *   false when it has none); the API decides it against today (summary-json.ts, withToday).
 */
export class AssignmentBriefs1796280000000 implements MigrationInterface {
  name = 'AssignmentBriefs1796280000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "task" ADD "assignment_briefs" text NOT NULL DEFAULT '[]'`);
    // AssignmentBrief's fields in its key order (libs/contracts), as the list sends them.
    await queryRunner.query(`
      CREATE FUNCTION duban_assignment_brief(a assignment, unit_name text) RETURNS json
      LANGUAGE sql IMMUTABLE AS $$
        SELECT json_build_object('id', a.id, 'unitId', a.unit_id, 'unitName', unit_name, 'role', a.role,
                                 'status', a.status, 'progress', a.progress, 'deadline', a.deadline,
                                 'overdue', COALESCE(to_json(a.live_deadline), 'false'::json))
      $$`);
    await queryRunner.query(
      refreshTask(true, `(SELECT COALESCE(${BRIEFS}, '[]')::text ${ASSIGNED} WHERE b.task_id = t.id)`),
    );
    // A unit's rename rewrites its tasks' briefs as its move rewrites their scope (duban_unit_moved).
    await queryRunner.query(
      unitMoved('OLD.path IS DISTINCT FROM NEW.path OR OLD.name IS DISTINCT FROM NEW.name'),
    );
    // Existing tasks in one pass (a refresh per task would take minutes at 1M).
    await queryRunner.query(`
      UPDATE task t SET assignment_briefs = k.briefs
        FROM (SELECT b.task_id, ${BRIEFS}::text AS briefs ${ASSIGNED} GROUP BY b.task_id) k
       WHERE k.task_id = t.id`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(unitMoved('OLD.path IS DISTINCT FROM NEW.path'));
    await queryRunner.query('DROP FUNCTION duban_refresh_task(uuid, boolean)');
    await queryRunner.query(refreshTask(true));
    await queryRunner.query('DROP FUNCTION duban_assignment_brief(assignment, text)');
    await queryRunner.query('ALTER TABLE "task" DROP COLUMN "assignment_briefs"');
  }
}

/** The unit_moved trigger (DeadlineSignals) on the given change. */
const unitMoved = (when: string) => `
  DROP TRIGGER unit_moved ON unit;
  CREATE TRIGGER unit_moved AFTER UPDATE ON unit FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION duban_unit_moved()`;

/** SQL: the briefs of assignments `b` (unit `u`) as a JSON array, lead first, then by unit name. */
const BRIEFS = `json_agg(duban_assignment_brief(b, u.name) ORDER BY b.role <> 'lead', u.name)`;
const ASSIGNED = 'FROM assignment b JOIN unit u ON u.id = b.unit_id';
