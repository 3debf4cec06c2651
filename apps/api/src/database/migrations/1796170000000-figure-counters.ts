import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Figures from counters, not scans (issue 9). Three counters, each kept exact by triggers in the transaction
 * that changes a task or an assignment (whichever writer does it), each split in two tables:
 * - `<name>_delta`: append-only rows (+1 for a task's new key, -1 for its old key). A writer only INSERTs, so
 *   concurrent writes never wait on a shared counter row (every task's scope holds the province unit: one
 *   UPDATEd row per key would serialise every progress report of the province).
 * - `<name>`: the compacted sums, one row per key; only duban_compact_figures() writes it (one compactor at a
 *   time, an advisory lock), moving the deltas in with DELETE … RETURNING in one transaction, so any snapshot
 *   sees each change exactly once (in the delta or in the sum).
 * A figure is the sum over both tables. Compaction also folds dates before the read's today into '-infinity'
 * (figure_watermark remembers up to which day): past deadlines only ever answer "before today", so the tables
 * stay small as days pass, while "overdue today" remains a range predicate on a date. A read whose today is
 * before the watermark (a clock set back) is answered by the SQL on the task rows instead.
 *
 * - figure_task: per scope unit (every unit at or above an assigned unit, as task.scope_units, plus the nil
 *   unit for "everything") × task status × open_deadline × on time, in three families told by document_id:
 *   the nil document (every task), each document (its tasks), and 'ffffffff-…' (the tasks with a
 *   behind_from, keyed by it too: a yellow light by 序时进度 is a range `behind_from <= today` read first in
 *   the key). Only the last family tracks behind_from (the others hold 'infinity'), so a progress report,
 *   which moves behind_from only, writes that family alone; old and new keys net out in the trigger. NULL
 *   dates are stored as 'infinity' (every predicate used, `< today`, `<= today`, `BETWEEN today AND …`,
 *   is false for both).
 * - figure_unit: per unit, over its own assignments that are not returned (the unit ranking and its
 *   drill-down, tasks?unitId=…): membership rows (live_deadline 'infinity', done or not) and, for a live
 *   assignment, a marker at its live deadline; overdue = markers before today, read first in the key.
 * - figure_day: the daily rollup of the trend, per scope unit × day: tasks started (下达, start_date), completed, completed on
 *   time, and first overdue (the day after the final deadline, for a task not completed by then).
 */
export class FigureCounters1796170000000 implements MigrationInterface {
  name = 'FigureCounters1796170000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const taskKey = `"scope_unit" uuid NOT NULL, "document_id" uuid NOT NULL, "status" varchar(20) NOT NULL,
      "open_deadline" date NOT NULL, "behind_from" date NOT NULL, "on_time" boolean NOT NULL, "n" integer NOT NULL`;
    await queryRunner.query(`CREATE TABLE "figure_task_delta" (${taskKey})`);
    await queryRunner.query(`CREATE TABLE "figure_task" (${taskKey},
      PRIMARY KEY ("scope_unit", "document_id", "behind_from", "status", "open_deadline", "on_time") INCLUDE ("n"))`);
    await queryRunner.query(
      'CREATE INDEX "ix_figure_task_delta" ON "figure_task_delta" ("scope_unit", "document_id")',
    );
    const unitKey = `"unit_id" uuid NOT NULL, "done" boolean NOT NULL, "live_deadline" date NOT NULL, "n" integer NOT NULL`;
    await queryRunner.query(`CREATE TABLE "figure_unit_delta" (${unitKey})`);
    await queryRunner.query(
      `CREATE TABLE "figure_unit" (${unitKey}, PRIMARY KEY ("live_deadline", "unit_id", "done") INCLUDE ("n"))`,
    );
    const dayKey = `"scope_unit" uuid NOT NULL, "day" date NOT NULL, "created" integer NOT NULL DEFAULT 0,
      "completed" integer NOT NULL DEFAULT 0, "on_time" integer NOT NULL DEFAULT 0, "new_overdue" integer NOT NULL DEFAULT 0`;
    await queryRunner.query(`CREATE TABLE "figure_day_delta" (${dayKey})`);
    await queryRunner.query(`CREATE TABLE "figure_day" (${dayKey}, PRIMARY KEY ("scope_unit", "day"))`);
    await queryRunner.query('CREATE INDEX "ix_figure_day_delta" ON "figure_day_delta" ("scope_unit", "day")');
    // Compaction deletes the keys whose sum reached zero: these partial indexes find them without a scan.
    await queryRunner.query('CREATE INDEX "ix_figure_task_zero" ON "figure_task" ("scope_unit") WHERE n = 0');
    await queryRunner.query('CREATE INDEX "ix_figure_unit_zero" ON "figure_unit" ("unit_id") WHERE n = 0');
    await queryRunner.query(`CREATE INDEX "ix_figure_day_zero" ON "figure_day" ("scope_unit")
      WHERE created = 0 AND completed = 0 AND on_time = 0 AND new_overdue = 0`);
    await queryRunner.query(`CREATE TABLE "figure_watermark" ("clamped_before" date NOT NULL)`);
    await queryRunner.query(`INSERT INTO "figure_watermark" VALUES ('-infinity')`);

    // Completed by its final deadline (Shanghai date), as signalSql().onTime.
    await queryRunner.query(`
      CREATE FUNCTION duban_on_time(status text, completed_at timestamptz, final_deadline date) RETURNS boolean
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT status = 'completed' AND completed_at IS NOT NULL
           AND (completed_at AT TIME ZONE 'Asia/Shanghai')::date <= COALESCE(final_deadline, 'infinity'::date)
      $$`);
    // One task's keys in figure_task and its events in figure_day (the trigger writes them with a sign, +1
    // for its new state and -1 for its old one; the rebuild sums them over every task).
    await queryRunner.query(`
      CREATE FUNCTION duban_task_figure_keys(t task)
      RETURNS TABLE (scope_unit uuid, document_id uuid, status varchar, open_deadline date, behind_from date, on_time boolean)
      LANGUAGE sql STABLE AS $$
        SELECT s, f.document_id, t.status, COALESCE(t.open_deadline, 'infinity'), f.behind_from,
               duban_on_time(t.status, t.completed_at, t.final_deadline)
          FROM unnest(t.scope_units || '00000000-0000-0000-0000-000000000000'::uuid) s
         CROSS JOIN (VALUES ('00000000-0000-0000-0000-000000000000'::uuid, 'infinity'::date),
                            (t.document_id, 'infinity'::date),
                            ('ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid, t.behind_from)) f(document_id, behind_from)
         WHERE f.document_id IS NOT NULL AND f.behind_from IS NOT NULL
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION duban_task_figure_days(t task)
      RETURNS TABLE (scope_unit uuid, day date, created int, completed int, on_time int, new_overdue int)
      LANGUAGE sql STABLE AS $$
        WITH done AS (
          SELECT CASE WHEN t.status = 'completed' THEN (t.completed_at AT TIME ZONE 'Asia/Shanghai')::date END AS day)
        SELECT s, e.day, e.created, e.completed, e.on_time, e.new_overdue
          FROM unnest(t.scope_units || '00000000-0000-0000-0000-000000000000'::uuid) s
         CROSS JOIN (
           SELECT t.start_date, 1, 0, 0, 0
           UNION ALL
           SELECT done.day, 0, 1, CASE WHEN duban_on_time(t.status, t.completed_at, t.final_deadline) THEN 1 ELSE 0 END, 0
             FROM done WHERE done.day IS NOT NULL
           UNION ALL
           SELECT t.final_deadline + 1, 0, 0, 0, 1 FROM done
            WHERE t.status <> 'cancelled' AND t.final_deadline IS NOT NULL AND (done.day IS NULL OR done.day > t.final_deadline)
         ) e(day, created, completed, on_time, new_overdue)
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION duban_task_figures() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        keys_changed boolean := TG_OP <> 'UPDATE';
        days_changed boolean := TG_OP <> 'UPDATE';
      BEGIN
        IF current_setting('duban.figures_off', true) = 'on' THEN RETURN NULL; END IF;
        IF TG_OP = 'UPDATE' THEN
          keys_changed := (OLD.scope_units, OLD.document_id, OLD.status, OLD.open_deadline, OLD.behind_from, OLD.completed_at, OLD.final_deadline)
            IS DISTINCT FROM (NEW.scope_units, NEW.document_id, NEW.status, NEW.open_deadline, NEW.behind_from, NEW.completed_at, NEW.final_deadline);
          days_changed := (OLD.scope_units, OLD.status, OLD.start_date, OLD.completed_at, OLD.final_deadline)
            IS DISTINCT FROM (NEW.scope_units, NEW.status, NEW.start_date, NEW.completed_at, NEW.final_deadline);
        END IF;
        IF keys_changed THEN
          -- Old and new keys net out: a key both states share (most of them, for a report) writes nothing.
          INSERT INTO figure_task_delta (scope_unit, document_id, status, open_deadline, behind_from, on_time, n)
          SELECT k.scope_unit, k.document_id, k.status, k.open_deadline, k.behind_from, k.on_time, sum(k.sign)
            FROM (SELECT o.*, -1 AS sign FROM duban_task_figure_keys(OLD) o WHERE TG_OP <> 'INSERT'
                  UNION ALL
                  SELECT w.*, 1 FROM duban_task_figure_keys(NEW) w WHERE TG_OP <> 'DELETE') k
           GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(k.sign) <> 0;
        END IF;
        IF days_changed THEN
          INSERT INTO figure_day_delta (scope_unit, day, created, completed, on_time, new_overdue)
          SELECT k.scope_unit, k.day, sum(k.created), sum(k.completed), sum(k.on_time), sum(k.new_overdue)
            FROM (SELECT o.scope_unit, o.day, -o.created AS created, -o.completed AS completed, -o.on_time AS on_time,
                         -o.new_overdue AS new_overdue
                    FROM duban_task_figure_days(OLD) o WHERE TG_OP <> 'INSERT'
                  UNION ALL
                  SELECT w.* FROM duban_task_figure_days(NEW) w WHERE TG_OP <> 'DELETE') k
           GROUP BY 1, 2
          HAVING (sum(k.created), sum(k.completed), sum(k.on_time), sum(k.new_overdue)) <> (0, 0, 0, 0);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER task_figures AFTER INSERT OR DELETE ON task FOR EACH ROW EXECUTE FUNCTION duban_task_figures()`);
    await queryRunner.query(`
      CREATE TRIGGER task_figures_changed AFTER UPDATE ON task FOR EACH ROW
      WHEN ((OLD.scope_units, OLD.document_id, OLD.status, OLD.open_deadline, OLD.behind_from, OLD.completed_at,
             OLD.final_deadline, OLD.start_date)
            IS DISTINCT FROM (NEW.scope_units, NEW.document_id, NEW.status, NEW.open_deadline, NEW.behind_from,
             NEW.completed_at, NEW.final_deadline, NEW.start_date))
      EXECUTE FUNCTION duban_task_figures()`);
    // An assignment not returned counts once in its unit's membership row (live_deadline 'infinity', done or
    // not) and, while live, once more in a marker row at its live deadline (overdue = marker before today).
    await queryRunner.query(`
      CREATE FUNCTION duban_assignment_figure_keys(a assignment)
      RETURNS TABLE (unit_id uuid, done boolean, live_deadline date) LANGUAGE sql IMMUTABLE AS $$
        SELECT a.unit_id, a.status = 'completed', 'infinity'::date WHERE a.status <> 'returned'
        UNION ALL
        SELECT a.unit_id, false, a.live_deadline WHERE a.status <> 'returned' AND a.live_deadline IS NOT NULL
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION duban_assignment_figures() RETURNS trigger LANGUAGE plpgsql AS $$
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
      CREATE TRIGGER assignment_figures AFTER INSERT OR DELETE ON assignment
      FOR EACH ROW EXECUTE FUNCTION duban_assignment_figures()`);
    await queryRunner.query(`
      CREATE TRIGGER assignment_figures_changed AFTER UPDATE ON assignment FOR EACH ROW
      WHEN ((OLD.unit_id, OLD.status, OLD.live_deadline) IS DISTINCT FROM (NEW.unit_id, NEW.status, NEW.live_deadline))
      EXECUTE FUNCTION duban_assignment_figures()`);

    // Moves the deltas into the sums and folds the days before p_today into '-infinity'. One compactor at a
    // time (others return at once); returns the delta rows moved, or -1 when another compactor runs.
    await queryRunner.query(`
      CREATE FUNCTION duban_compact_figures(p_today date) RETURNS int LANGUAGE plpgsql AS $$
      DECLARE
        moved int := 0;
        batch int;
        mark date;
      BEGIN
        IF NOT pg_try_advisory_xact_lock(hashtext('duban_compact_figures')) THEN RETURN -1; END IF;
        WITH gone AS (DELETE FROM figure_task_delta RETURNING *), summed AS (
          INSERT INTO figure_task AS f
          SELECT scope_unit, document_id, status, open_deadline, behind_from, on_time, sum(n) FROM gone
           GROUP BY scope_unit, document_id, status, open_deadline, behind_from, on_time
          ON CONFLICT (scope_unit, document_id, status, open_deadline, behind_from, on_time) DO UPDATE SET n = f.n + excluded.n
          RETURNING 1)
        SELECT (SELECT count(*) FROM gone) INTO batch;
        moved := moved + batch;
        WITH gone AS (DELETE FROM figure_unit_delta RETURNING *), summed AS (
          INSERT INTO figure_unit AS f SELECT unit_id, done, live_deadline, sum(n) FROM gone GROUP BY unit_id, done, live_deadline
          ON CONFLICT (unit_id, done, live_deadline) DO UPDATE SET n = f.n + excluded.n
          RETURNING 1)
        SELECT (SELECT count(*) FROM gone) INTO batch;
        moved := moved + batch;
        WITH gone AS (DELETE FROM figure_day_delta RETURNING *), summed AS (
          INSERT INTO figure_day AS f
          SELECT scope_unit, day, sum(created), sum(completed), sum(on_time), sum(new_overdue) FROM gone GROUP BY scope_unit, day
          ON CONFLICT (scope_unit, day) DO UPDATE SET created = f.created + excluded.created,
            completed = f.completed + excluded.completed, on_time = f.on_time + excluded.on_time,
            new_overdue = f.new_overdue + excluded.new_overdue
          RETURNING 1)
        SELECT (SELECT count(*) FROM gone) INTO batch;
        moved := moved + batch;
        SELECT clamped_before INTO mark FROM figure_watermark;
        IF p_today > mark THEN
          WITH gone AS (
            DELETE FROM figure_task
             WHERE (open_deadline < p_today AND open_deadline > '-infinity') OR (behind_from < p_today AND behind_from > '-infinity')
            RETURNING *)
          INSERT INTO figure_task AS f
          SELECT scope_unit, document_id, status,
                 CASE WHEN open_deadline < p_today THEN '-infinity'::date ELSE open_deadline END,
                 CASE WHEN behind_from < p_today THEN '-infinity'::date ELSE behind_from END, on_time, sum(n)
            FROM gone GROUP BY 1, 2, 3, 4, 5, 6
          ON CONFLICT (scope_unit, document_id, status, open_deadline, behind_from, on_time) DO UPDATE SET n = f.n + excluded.n;
          WITH gone AS (
            DELETE FROM figure_unit WHERE live_deadline < p_today AND live_deadline > '-infinity' RETURNING *)
          INSERT INTO figure_unit AS f SELECT unit_id, done, '-infinity', sum(n) FROM gone GROUP BY unit_id, done
          ON CONFLICT (unit_id, done, live_deadline) DO UPDATE SET n = f.n + excluded.n;
          UPDATE figure_watermark SET clamped_before = p_today;
        END IF;
        DELETE FROM figure_task WHERE n = 0;
        DELETE FROM figure_unit WHERE n = 0;
        DELETE FROM figure_day WHERE created = 0 AND completed = 0 AND on_time = 0 AND new_overdue = 0;
        RETURN moved;
      END $$`);
    // Recomputes every counter from the rows (the migration's backfill; seed:load through duban_rebuild_rollups).
    await queryRunner.query(`
      CREATE FUNCTION duban_rebuild_figures() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('duban_compact_figures'));
        TRUNCATE figure_task_delta, figure_task, figure_unit_delta, figure_unit, figure_day_delta, figure_day;
        UPDATE figure_watermark SET clamped_before = '-infinity';
        INSERT INTO figure_task
        SELECT k.*, count(*) FROM task t CROSS JOIN duban_task_figure_keys(t) k GROUP BY 1, 2, 3, 4, 5, 6;
        INSERT INTO figure_day
        SELECT k.scope_unit, k.day, sum(k.created), sum(k.completed), sum(k.on_time), sum(k.new_overdue)
          FROM task t CROSS JOIN duban_task_figure_days(t) k GROUP BY 1, 2;
        INSERT INTO figure_unit
        SELECT k.unit_id, k.done, k.live_deadline, count(*)
          FROM assignment a CROSS JOIN duban_assignment_figure_keys(a) k GROUP BY 1, 2, 3;
      END $$`);
    // The bulk rebuild refreshes every task with the figure triggers muted, then recomputes the figures once.
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION duban_rebuild_rollups() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM set_config('duban.figures_off', 'on', true);
        UPDATE assignment SET live_deadline = NULL WHERE live_deadline IS NOT NULL OR duban_is_open(status);
        PERFORM duban_refresh_task(id) FROM task;
        PERFORM set_config('duban.figures_off', 'off', true);
        PERFORM duban_rebuild_figures();
      END $$`);
    await queryRunner.query('SELECT duban_rebuild_figures()');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION duban_rebuild_rollups() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE assignment SET live_deadline = NULL WHERE live_deadline IS NOT NULL OR duban_is_open(status);
        PERFORM duban_refresh_task(id) FROM task;
      END $$`);
    await queryRunner.query('DROP FUNCTION duban_rebuild_figures()');
    await queryRunner.query('DROP FUNCTION duban_compact_figures(date)');
    await queryRunner.query('DROP TRIGGER assignment_figures_changed ON assignment');
    await queryRunner.query('DROP TRIGGER assignment_figures ON assignment');
    await queryRunner.query('DROP FUNCTION duban_assignment_figures()');
    await queryRunner.query('DROP FUNCTION duban_assignment_figure_keys(assignment)');
    await queryRunner.query('DROP TRIGGER task_figures_changed ON task');
    await queryRunner.query('DROP TRIGGER task_figures ON task');
    await queryRunner.query('DROP FUNCTION duban_task_figures()');
    await queryRunner.query('DROP FUNCTION duban_task_figure_days(task)');
    await queryRunner.query('DROP FUNCTION duban_task_figure_keys(task)');
    await queryRunner.query('DROP FUNCTION duban_on_time(text, timestamptz, date)');
    await queryRunner.query(
      'DROP TABLE "figure_watermark", "figure_day", "figure_day_delta", "figure_unit", "figure_unit_delta", "figure_task", "figure_task_delta"',
    );
  }
}
