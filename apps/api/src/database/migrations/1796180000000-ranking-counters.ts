import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counters for the rankings whose size grows with the province (issue 9).
 * The cockpit's "units behind 序时进度" from a counter, not a scan of every open assignment:
 * - assignment.behind_from: while the assignment is live (open, task in progress), the first day it trails
 *   序时进度 by more than the threshold (duban_behind_from, as task.behind_from takes the earliest of them);
 *   else NULL. The BEFORE trigger that sets live_deadline sets it too, from the task's start date, so a
 *   report, an extension or a status change moves it; a task whose start date changes touches its
 *   assignments, as a status change already did.
 * - figure_behind: per unit × behind_from, its live assignments (delta rows written by the assignment
 *   figures trigger, compacted and folded before today into '-infinity' with the other counters, under the
 *   same watermark). "Behind today" is the range behind_from <= today at the head of the key, so ranking the
 *   units of a province by how many of their assignments trail is a sum over about one row per unit.
 * The gap itself (expected minus actual progress) moves every day, so it is computed for the units shown.
 * The documents' figures from figure_document, as figure_unit is per unit: per scope unit × document, a
 * membership row per task (completed or not, mark 'infinity') and, for a task with an open deadline, a marker
 * at it (overdue = markers before today, folded into '-infinity'). A province's 6,251 documents read about
 * three rows each, instead of one per document × status × open deadline × on time in figure_task.
 */
export class RankingCounters1796180000000 implements MigrationInterface {
  name = 'RankingCounters1796180000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "assignment" ADD "behind_from" date');
    const key = `"unit_id" uuid NOT NULL, "behind_from" date NOT NULL, "n" integer NOT NULL`;
    await queryRunner.query(`CREATE TABLE "figure_behind_delta" (${key})`);
    await queryRunner.query(
      `CREATE TABLE "figure_behind" (${key}, PRIMARY KEY ("behind_from", "unit_id") INCLUDE ("n"))`,
    );
    await queryRunner.query(
      'CREATE INDEX "ix_figure_behind_zero" ON "figure_behind" ("unit_id") WHERE n = 0',
    );
    const documentKey = `"scope_unit" uuid NOT NULL, "document_id" uuid NOT NULL, "done" boolean NOT NULL,
      "mark" date NOT NULL, "n" integer NOT NULL`;
    await queryRunner.query(`CREATE TABLE "figure_document_delta" (${documentKey})`);
    await queryRunner.query(`CREATE TABLE "figure_document" (${documentKey},
      PRIMARY KEY ("scope_unit", "mark", "document_id", "done") INCLUDE ("n"))`);
    await queryRunner.query(
      'CREATE INDEX "ix_figure_document_delta" ON "figure_document_delta" ("scope_unit")',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_figure_document_zero" ON "figure_document" ("scope_unit") WHERE n = 0',
    );
    // The compactor folds past markers: found by date across scope units, without a scan.
    await queryRunner.query(`CREATE INDEX "ix_figure_document_marker" ON "figure_document" ("mark")
      WHERE mark > '-infinity' AND mark < 'infinity'`);
    await queryRunner.query(`
      CREATE FUNCTION duban_task_document_keys(t task)
      RETURNS TABLE (scope_unit uuid, document_id uuid, done boolean, mark date) LANGUAGE sql IMMUTABLE AS $$
        SELECT s, t.document_id, m.done, m.mark
          FROM unnest(t.scope_units || '00000000-0000-0000-0000-000000000000'::uuid) s
         CROSS JOIN (VALUES (t.status = 'completed', 'infinity'::date), (false, t.open_deadline)) m(done, mark)
         WHERE t.document_id IS NOT NULL AND m.mark IS NOT NULL
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION duban_task_document_figures() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('duban.figures_off', true) = 'on' THEN RETURN NULL; END IF;
        INSERT INTO figure_document_delta (scope_unit, document_id, done, mark, n)
        SELECT k.scope_unit, k.document_id, k.done, k.mark, sum(k.sign)
          FROM (SELECT o.*, -1 AS sign FROM duban_task_document_keys(OLD) o WHERE TG_OP <> 'INSERT'
                UNION ALL
                SELECT w.*, 1 FROM duban_task_document_keys(NEW) w WHERE TG_OP <> 'DELETE') k
         GROUP BY 1, 2, 3, 4 HAVING sum(k.sign) <> 0;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER task_document_figures AFTER INSERT OR DELETE ON task
      FOR EACH ROW EXECUTE FUNCTION duban_task_document_figures()`);
    await queryRunner.query(`
      CREATE TRIGGER task_document_figures_changed AFTER UPDATE ON task FOR EACH ROW
      WHEN ((OLD.scope_units, OLD.document_id, OLD.status, OLD.open_deadline)
            IS DISTINCT FROM (NEW.scope_units, NEW.document_id, NEW.status, NEW.open_deadline))
      EXECUTE FUNCTION duban_task_document_figures()`);

    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION duban_assignment_live_deadline() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        t record;
      BEGIN
        SELECT status, start_date INTO t FROM task WHERE id = NEW.task_id;
        NEW.live_deadline := CASE WHEN duban_is_open(NEW.status) AND t.status = 'in_progress' THEN NEW.deadline END;
        NEW.behind_from := CASE WHEN NEW.live_deadline IS NOT NULL
          THEN duban_behind_from(t.start_date, NEW.deadline, NEW.progress, duban_behind_threshold()) END;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION duban_task_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (NEW.status, NEW.start_date) IS DISTINCT FROM (OLD.status, OLD.start_date) THEN
          UPDATE assignment SET live_deadline = NULL WHERE task_id = NEW.id;
        END IF;
        PERFORM duban_refresh_task(NEW.id);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION duban_assignment_figures() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('duban.figures_off', true) = 'on' THEN RETURN NULL; END IF;
        INSERT INTO figure_unit_delta (unit_id, done, live_deadline, n)
        SELECT k.unit_id, k.done, k.live_deadline, sum(k.sign)
          FROM (SELECT o.*, -1 AS sign FROM duban_assignment_figure_keys(OLD) o WHERE TG_OP <> 'INSERT'
                UNION ALL
                SELECT w.*, 1 FROM duban_assignment_figure_keys(NEW) w WHERE TG_OP <> 'DELETE') k
         GROUP BY 1, 2, 3 HAVING sum(k.sign) <> 0;
        INSERT INTO figure_behind_delta (unit_id, behind_from, n)
        SELECT k.unit_id, k.behind_from, sum(k.sign)
          FROM (SELECT OLD.unit_id, OLD.behind_from, -1 WHERE TG_OP <> 'INSERT' AND OLD.behind_from IS NOT NULL
                UNION ALL
                SELECT NEW.unit_id, NEW.behind_from, 1 WHERE TG_OP <> 'DELETE' AND NEW.behind_from IS NOT NULL)
               k(unit_id, behind_from, sign)
         GROUP BY 1, 2 HAVING sum(k.sign) <> 0;
        RETURN NULL;
      END $$`);
    await queryRunner.query('DROP TRIGGER assignment_figures_changed ON assignment');
    await queryRunner.query(`
      CREATE TRIGGER assignment_figures_changed AFTER UPDATE ON assignment FOR EACH ROW
      WHEN ((OLD.unit_id, OLD.status, OLD.live_deadline, OLD.behind_from)
            IS DISTINCT FROM (NEW.unit_id, NEW.status, NEW.live_deadline, NEW.behind_from))
      EXECUTE FUNCTION duban_assignment_figures()`);

    // The compactor and the rebuild keep their work and take figure_behind along (inside their lock).
    await queryRunner.query('ALTER FUNCTION duban_compact_figures(date) RENAME TO duban_compact_counters');
    await queryRunner.query(`
      CREATE FUNCTION duban_compact_figures(p_today date) RETURNS int LANGUAGE plpgsql AS $$
      DECLARE
        moved int := duban_compact_counters(p_today);
        batch int;
        mark_before date := (SELECT clamped_before FROM figure_watermark);
      BEGIN
        IF moved < 0 THEN RETURN moved; END IF;
        WITH gone AS (DELETE FROM figure_behind_delta RETURNING *), summed AS (
          INSERT INTO figure_behind AS f SELECT unit_id, behind_from, sum(n) FROM gone GROUP BY unit_id, behind_from
          ON CONFLICT (behind_from, unit_id) DO UPDATE SET n = f.n + excluded.n
          RETURNING 1)
        SELECT (SELECT count(*) FROM gone) INTO batch;
        WITH gone AS (
          DELETE FROM figure_behind WHERE behind_from < mark_before AND behind_from > '-infinity' RETURNING *)
        INSERT INTO figure_behind AS f SELECT unit_id, '-infinity', sum(n) FROM gone GROUP BY unit_id
        ON CONFLICT (behind_from, unit_id) DO UPDATE SET n = f.n + excluded.n;
        DELETE FROM figure_behind WHERE n = 0;
        moved := moved + batch;
        WITH gone AS (DELETE FROM figure_document_delta RETURNING *), summed AS (
          INSERT INTO figure_document AS f
          SELECT scope_unit, document_id, done, mark, sum(n) FROM gone GROUP BY scope_unit, document_id, done, mark
          ON CONFLICT (scope_unit, mark, document_id, done) DO UPDATE SET n = f.n + excluded.n
          RETURNING 1)
        SELECT (SELECT count(*) FROM gone) INTO batch;
        WITH gone AS (
          DELETE FROM figure_document WHERE mark < mark_before AND mark > '-infinity' AND mark < 'infinity'
          RETURNING *)
        INSERT INTO figure_document AS f SELECT scope_unit, document_id, done, '-infinity', sum(n) FROM gone GROUP BY 1, 2, 3
        ON CONFLICT (scope_unit, mark, document_id, done) DO UPDATE SET n = f.n + excluded.n;
        DELETE FROM figure_document WHERE n = 0;
        RETURN moved + batch;
      END $$`);
    await queryRunner.query('ALTER FUNCTION duban_rebuild_figures() RENAME TO duban_rebuild_counters');
    await queryRunner.query(`
      CREATE FUNCTION duban_rebuild_figures() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM duban_rebuild_counters();
        TRUNCATE figure_behind_delta, figure_behind, figure_document_delta, figure_document;
        INSERT INTO figure_behind
        SELECT unit_id, behind_from, count(*) FROM assignment WHERE behind_from IS NOT NULL GROUP BY 1, 2;
        INSERT INTO figure_document
        SELECT k.*, count(*) FROM task t CROSS JOIN duban_task_document_keys(t) k GROUP BY 1, 2, 3, 4;
      END $$`);

    // Backfill: the BEFORE trigger computes behind_from on every live assignment (figure triggers muted),
    // then the counter is summed from the rows.
    await queryRunner.query(`SELECT set_config('duban.figures_off', 'on', true)`);
    await queryRunner.query('UPDATE assignment SET live_deadline = NULL WHERE live_deadline IS NOT NULL');
    await queryRunner.query(`SELECT set_config('duban.figures_off', 'off', true)`);
    await queryRunner.query(`
      INSERT INTO figure_behind
      SELECT unit_id, behind_from, count(*) FROM assignment WHERE behind_from IS NOT NULL GROUP BY 1, 2`);
    await queryRunner.query(`
      INSERT INTO figure_document
      SELECT k.*, count(*) FROM task t CROSS JOIN duban_task_document_keys(t) k GROUP BY 1, 2, 3, 4`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION duban_rebuild_figures()');
    await queryRunner.query('ALTER FUNCTION duban_rebuild_counters() RENAME TO duban_rebuild_figures');
    await queryRunner.query('DROP FUNCTION duban_compact_figures(date)');
    await queryRunner.query('ALTER FUNCTION duban_compact_counters(date) RENAME TO duban_compact_figures');
    await queryRunner.query('DROP TRIGGER assignment_figures_changed ON assignment');
    await queryRunner.query(`
      CREATE TRIGGER assignment_figures_changed AFTER UPDATE ON assignment FOR EACH ROW
      WHEN ((OLD.unit_id, OLD.status, OLD.live_deadline) IS DISTINCT FROM (NEW.unit_id, NEW.status, NEW.live_deadline))
      EXECUTE FUNCTION duban_assignment_figures()`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION duban_assignment_figures() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('duban.figures_off', true) = 'on' THEN RETURN NULL; END IF;
        INSERT INTO figure_unit_delta (unit_id, done, live_deadline, n)
        SELECT k.unit_id, k.done, k.live_deadline, sum(k.sign)
          FROM (SELECT o.*, -1 AS sign FROM duban_assignment_figure_keys(OLD) o WHERE TG_OP <> 'INSERT'
                UNION ALL
                SELECT w.*, 1 FROM duban_assignment_figure_keys(NEW) w WHERE TG_OP <> 'DELETE') k
         GROUP BY 1, 2, 3 HAVING sum(k.sign) <> 0;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION duban_task_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status IS DISTINCT FROM OLD.status THEN
          UPDATE assignment SET live_deadline = NULL WHERE task_id = NEW.id;
        END IF;
        PERFORM duban_refresh_task(NEW.id);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION duban_assignment_live_deadline() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.live_deadline := CASE WHEN duban_is_open(NEW.status)
          AND (SELECT status FROM task WHERE id = NEW.task_id) = 'in_progress' THEN NEW.deadline END;
        RETURN NEW;
      END $$`);
    await queryRunner.query('DROP TRIGGER task_document_figures_changed ON task');
    await queryRunner.query('DROP TRIGGER task_document_figures ON task');
    await queryRunner.query('DROP FUNCTION duban_task_document_figures()');
    await queryRunner.query('DROP FUNCTION duban_task_document_keys(task)');
    await queryRunner.query(
      'DROP TABLE "figure_behind", "figure_behind_delta", "figure_document", "figure_document_delta"',
    );
    await queryRunner.query('ALTER TABLE "assignment" DROP COLUMN "behind_from"');
  }
}
