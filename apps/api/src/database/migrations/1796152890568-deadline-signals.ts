import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deadline signals kept on write, so that reads cost the page and not the database (issue 9).
 * - duban_is_open(status): the one meaning of "open" (owes work: neither completed nor handed back).
 * - duban_behind_from(...): the first day an assignment falls behind 序时进度 by more than the threshold
 *   (the yellow rule of duban_light/lightFor turned into a date, so "behind" is a range predicate).
 * - assignment.live_deadline: its deadline while it is open and its task in progress, else NULL.
 * - task.open_deadline / behind_from / final_deadline / rollup_progress / scope_units: the earliest live
 *   deadline, the earliest behind-from day, the latest deadline of its live-or-done assignments (on-time and
 *   trend), the progress rollup and the units whose jurisdiction covers the task (every ancestor-or-self of
 *   an assigned unit).
 * Triggers keep them exact in the transaction that changes an assignment, a task's status or a unit's
 * place in the tree, whichever writer does it (services, imports, SQL scripts).
 * Overdue = open_deadline < today; due soon = today <= open_deadline <= the due-soon bound.
 */
export class DeadlineSignals1796152890568 implements MigrationInterface {
  name = 'DeadlineSignals1796152890568';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "assignment" ADD "live_deadline" date');
    await queryRunner.query('ALTER TABLE "task" ADD "open_deadline" date');
    await queryRunner.query('ALTER TABLE "task" ADD "behind_from" date');
    await queryRunner.query('ALTER TABLE "task" ADD "final_deadline" date');
    await queryRunner.query('ALTER TABLE "task" ADD "rollup_progress" integer NOT NULL DEFAULT \'0\'');
    await queryRunner.query('ALTER TABLE "task" ADD "scope_units" uuid array NOT NULL DEFAULT \'{}\'');
    await queryRunner.query(`
      CREATE FUNCTION duban_is_open(status text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
      $$ SELECT status IN ('pending', 'accepted', 'completion_requested') $$`);
    // Yellow when round(elapsed * 100 / span) - progress > threshold (numeric, as duban_light computes it):
    // the first elapsed day where that holds is ceil((progress + threshold + 0.5) * span / 100).
    await queryRunner.query(`
      CREATE FUNCTION duban_behind_from(start_date date, deadline date, progress int, behind_threshold int)
      RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE
          WHEN deadline IS NULL OR progress + behind_threshold >= 100 THEN NULL
          WHEN deadline - start_date <= 0 THEN '-infinity'::date
          ELSE start_date + ceil((progress + behind_threshold + 0.5) * (deadline - start_date) / 100.0)::int
        END
      $$`);
    // Mirrors DEFAULT_SIGNAL_OPTIONS.behindThreshold (a test checks they agree).
    await queryRunner.query(`
      CREATE FUNCTION duban_behind_threshold() RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT 30 $$`);
    await queryRunner.query(`
      CREATE FUNCTION duban_refresh_task(p_task uuid) RETURNS void LANGUAGE plpgsql AS $$
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
               COALESCE((SELECT array_agg(DISTINCT s.id ORDER BY s.id) FROM assignment b JOIN unit u ON u.id = b.unit_id
                          CROSS JOIN unnest(string_to_array(u.path, '/')::uuid[]) AS s(id) WHERE b.task_id = t.id), '{}') AS scope_units
          INTO r
          FROM task t LEFT JOIN assignment a ON a.task_id = t.id
         WHERE t.id = p_task
         GROUP BY t.id, t.status, t.start_date, t.deadline;
        IF NOT FOUND THEN RETURN; END IF;
        UPDATE task SET open_deadline = r.open_deadline, behind_from = r.behind_from, final_deadline = r.final_deadline,
                        rollup_progress = r.progress, scope_units = r.scope_units
         WHERE id = p_task
           AND (open_deadline, behind_from, final_deadline, rollup_progress, scope_units)
               IS DISTINCT FROM (r.open_deadline, r.behind_from, r.final_deadline, r.progress, r.scope_units);
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION duban_assignment_live_deadline() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.live_deadline := CASE WHEN duban_is_open(NEW.status)
          AND (SELECT status FROM task WHERE id = NEW.task_id) = 'in_progress' THEN NEW.deadline END;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER assignment_live_deadline BEFORE INSERT OR UPDATE ON assignment
      FOR EACH ROW EXECUTE FUNCTION duban_assignment_live_deadline()`);
    await queryRunner.query(`
      CREATE FUNCTION duban_assignment_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN PERFORM duban_refresh_task(OLD.task_id); END IF;
        IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.task_id <> OLD.task_id) THEN
          PERFORM duban_refresh_task(NEW.task_id);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER assignment_changed AFTER INSERT OR DELETE ON assignment
      FOR EACH ROW EXECUTE FUNCTION duban_assignment_changed()`);
    await queryRunner.query(`
      CREATE TRIGGER assignment_signals_changed AFTER UPDATE ON assignment FOR EACH ROW
      WHEN ((OLD.status, OLD.deadline, OLD.progress, OLD.unit_id, OLD.role, OLD.task_id)
            IS DISTINCT FROM (NEW.status, NEW.deadline, NEW.progress, NEW.unit_id, NEW.role, NEW.task_id))
      EXECUTE FUNCTION duban_assignment_changed()`);
    // A task's status decides whether its assignments are live; its start date moves 序时进度; its deadline is
    // the final deadline when no assignment has one.
    await queryRunner.query(`
      CREATE FUNCTION duban_task_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status IS DISTINCT FROM OLD.status THEN
          UPDATE assignment SET live_deadline = NULL WHERE task_id = NEW.id;
        END IF;
        PERFORM duban_refresh_task(NEW.id);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER task_signals_changed AFTER UPDATE ON task FOR EACH ROW
      WHEN ((OLD.status, OLD.start_date, OLD.deadline) IS DISTINCT FROM (NEW.status, NEW.start_date, NEW.deadline))
      EXECUTE FUNCTION duban_task_changed()`);
    await queryRunner.query(`
      CREATE FUNCTION duban_unit_moved() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM duban_refresh_task(task_id) FROM assignment WHERE unit_id = NEW.id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER unit_moved AFTER UPDATE ON unit FOR EACH ROW
      WHEN (OLD.path IS DISTINCT FROM NEW.path) EXECUTE FUNCTION duban_unit_moved()`);
    // Rebuild, for existing data and bulk loads (seed:load runs it after loading with triggers off): touching
    // the open or live assignments lets their trigger recompute live_deadline, then every task is refreshed.
    await queryRunner.query(`
      CREATE FUNCTION duban_rebuild_rollups() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE assignment SET live_deadline = NULL WHERE live_deadline IS NOT NULL OR duban_is_open(status);
        PERFORM duban_refresh_task(id) FROM task;
      END $$`);
    await queryRunner.query('SELECT duban_rebuild_rollups()');
    await queryRunner.query(
      'CREATE INDEX "ix_task_open_deadline" ON "task" ("open_deadline") WHERE open_deadline IS NOT NULL',
    );
    await queryRunner.query('CREATE INDEX "ix_task_scope_units" ON "task" USING gin ("scope_units")');
    await queryRunner.query(
      'CREATE INDEX "ix_assignment_live_deadline" ON "assignment" ("unit_id", "live_deadline") WHERE live_deadline IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_assignment_live_deadline"');
    await queryRunner.query('DROP INDEX "public"."ix_task_scope_units"');
    await queryRunner.query('DROP INDEX "public"."ix_task_open_deadline"');
    await queryRunner.query('DROP FUNCTION duban_rebuild_rollups()');
    await queryRunner.query('DROP TRIGGER unit_moved ON unit');
    await queryRunner.query('DROP FUNCTION duban_unit_moved()');
    await queryRunner.query('DROP TRIGGER task_signals_changed ON task');
    await queryRunner.query('DROP FUNCTION duban_task_changed()');
    await queryRunner.query('DROP TRIGGER assignment_signals_changed ON assignment');
    await queryRunner.query('DROP TRIGGER assignment_changed ON assignment');
    await queryRunner.query('DROP FUNCTION duban_assignment_changed()');
    await queryRunner.query('DROP TRIGGER assignment_live_deadline ON assignment');
    await queryRunner.query('DROP FUNCTION duban_assignment_live_deadline()');
    await queryRunner.query('DROP FUNCTION duban_refresh_task(uuid)');
    await queryRunner.query('DROP FUNCTION duban_behind_threshold()');
    await queryRunner.query('DROP FUNCTION duban_behind_from(date, date, int, int)');
    await queryRunner.query('DROP FUNCTION duban_is_open(text)');
    await queryRunner.query('ALTER TABLE "task" DROP COLUMN "scope_units"');
    await queryRunner.query('ALTER TABLE "task" DROP COLUMN "rollup_progress"');
    await queryRunner.query('ALTER TABLE "task" DROP COLUMN "final_deadline"');
    await queryRunner.query('ALTER TABLE "task" DROP COLUMN "behind_from"');
    await queryRunner.query('ALTER TABLE "task" DROP COLUMN "open_deadline"');
    await queryRunner.query('ALTER TABLE "assignment" DROP COLUMN "live_deadline"');
  }
}
