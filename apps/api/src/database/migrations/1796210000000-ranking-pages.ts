import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rankings that cost the page, not the scope (issue 9). The unit ranking and the documents' figures summed
 * every counter row of the scope (2,232 units, 6,251 documents at province level) before cutting a page. The
 * compactor now also keeps each ranked row's figures "as of" the watermark day, in tables the ranking sorts
 * can walk in order:
 * - figure_unit_rank: per unit with an assignment that is not returned, its total, completed, overdue (live
 *   deadline before the day), completion rate and live assignments behind 序时进度 (figure_behind), with the unit's name and path (copied so an index holds the
 *   sort's tie-breaker and a jurisdiction is a filter on the walk; triggers on unit keep the copies).
 * - figure_document_rank: the same per scope unit × document (the document's title copied likewise), for
 *   the scope units in figure_rank_scope: everything and the units with units under them (the jurisdictions;
 *   at 1M, 114 of 2,234 scope units, 52,596 of 231,893 rows). A department's documents are a few dozen, so
 *   summing its counters costs little; the list is drawn again whenever everything is ranked again.
 * - figure_rank_day: the day the ranks stand for; a read whose today is another day (the first read of a
 *   day, before a compaction folded it, or a clock set back) sums the counters as before.
 * Only the compactor writes them (inside its advisory lock, in its transaction), so a snapshot sees the
 * ranks, the compacted counters and the deltas not yet compacted consistently; a read adds those deltas
 * (a few rows) to the ranks of the units or documents they touch. The unit ranks are recomputed from
 * figure_unit (about 6,700 index-only rows) when the counters moved; the document ranks only for the
 * keys this compaction moved or folded (duban_compact_figures, as RankingCounters defined it, plus that).
 *
 * The cockpit's ten units behind 序时进度 also need, per unit, the average gap (expected minus actual progress,
 * moving with today) and the yellow tasks. figure_share keeps, per non-returned assignment of a task in
 * progress, what both need: the task's open deadline, behind_from and start date, the assignment's live
 * deadline and progress (one index-only range per unit). It is rebuilt by the compactor for the tasks that
 * changed since (figure_share_dirty: a task id appended by triggers when a task's signals or an assignment's
 * unit, task, live deadline, progress or return change); a read takes the kept rows of the other tasks and
 * computes the changed tasks' rows from the tables, in one statement, so it is exact.
 */
export class RankingPages1796210000000 implements MigrationInterface {
  name = 'RankingPages1796210000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "figure_rank_day" ("ranked_on" date NOT NULL)`);
    await queryRunner.query(`CREATE TABLE "figure_rank_scope" ("scope_unit" uuid PRIMARY KEY)`);
    await queryRunner.query(`INSERT INTO "figure_rank_day" VALUES ('-infinity')`);
    const figures = `"total" integer NOT NULL, "completed" integer NOT NULL, "overdue" integer NOT NULL,
      "rate" double precision NOT NULL`;
    await queryRunner.query(`CREATE TABLE "figure_unit_rank" ("unit_id" uuid PRIMARY KEY,
      "name" varchar(100) NOT NULL, "path" text NOT NULL, ${figures}, "behind" integer NOT NULL)`);
    // The cockpit's units behind 序时进度, most first.
    await queryRunner.query(`CREATE INDEX "ix_figure_unit_rank_behind" ON "figure_unit_rank" ("behind" DESC, "name", "unit_id")
      WHERE behind > 0`);
    await queryRunner.query(`CREATE TABLE "figure_document_rank" ("scope_unit" uuid NOT NULL,
      "document_id" uuid NOT NULL, "title" varchar(500) NOT NULL, ${figures},
      PRIMARY KEY ("scope_unit", "document_id"))`);
    // One index per sort and direction: ties go by the name ascending whatever the direction.
    for (const key of ['rate', 'overdue', 'total'])
      for (const order of ['ASC', 'DESC']) {
        const suffix = `${key}_${order.toLowerCase()}`;
        await queryRunner.query(
          `CREATE INDEX "ix_figure_unit_rank_${suffix}" ON "figure_unit_rank" ("${key}" ${order}, "name", "unit_id")`,
        );
        // Documents: the descending sorts only (the largest figures first); an ascending page sorts the
        // scope's ranks (a few thousand rows), still without summing the counters.
        if (order === 'DESC')
          await queryRunner.query(`CREATE INDEX "ix_figure_document_rank_${suffix}" ON "figure_document_rank"
            ("scope_unit", "${key}" ${order}, "title", "document_id")`);
      }
    for (const order of ['ASC', 'DESC'])
      await queryRunner.query(`CREATE INDEX "ix_figure_document_rank_title_${order.toLowerCase()}"
        ON "figure_document_rank" ("scope_unit", "title" ${order}, "document_id")`);
    await queryRunner.query(
      'CREATE INDEX "ix_figure_document_rank_document" ON "figure_document_rank" ("document_id")',
    );
    for (const table of ['figure_unit_rank', 'figure_document_rank'])
      await queryRunner.query(
        `ALTER TABLE "${table}" SET (autovacuum_vacuum_scale_factor = 0.005, autovacuum_vacuum_threshold = 1000)`,
      );

    // The copied names follow a rename or a move at once (the sort's order is the names').
    await queryRunner.query(`
      CREATE FUNCTION duban_unit_rank_name() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE figure_unit_rank SET name = NEW.name, path = NEW.path
         WHERE unit_id = NEW.id AND (name, path) IS DISTINCT FROM (NEW.name, NEW.path);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER unit_rank_name AFTER UPDATE ON unit FOR EACH ROW
      WHEN ((OLD.name, OLD.path) IS DISTINCT FROM (NEW.name, NEW.path))
      EXECUTE FUNCTION duban_unit_rank_name()`);
    await queryRunner.query(`
      CREATE FUNCTION duban_document_rank_title() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE figure_document_rank SET title = NEW.title WHERE document_id = NEW.id AND title <> NEW.title;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER document_rank_title AFTER UPDATE ON policy_document FOR EACH ROW
      WHEN (OLD.title IS DISTINCT FROM NEW.title)
      EXECUTE FUNCTION duban_document_rank_title()`);

    await queryRunner.query(`CREATE TABLE "figure_share" ("assignment_id" uuid NOT NULL, "task_id" uuid NOT NULL,
      "unit_id" uuid NOT NULL, "open_deadline" date, "behind_from" date, "start_date" date NOT NULL,
      "live_deadline" date, "progress" integer NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "ix_figure_share_unit" ON "figure_share" ("unit_id")
      INCLUDE ("task_id", "open_deadline", "behind_from", "start_date", "live_deadline", "progress")`);
    await queryRunner.query('CREATE INDEX "ix_figure_share_task" ON "figure_share" ("task_id")');
    await queryRunner.query('CREATE TABLE "figure_share_dirty" ("task_id" uuid NOT NULL)');
    // The given tasks' rows (inlined into the caller's plan: index lookups by task).
    await queryRunner.query(`
      CREATE FUNCTION duban_share_rows(p_tasks uuid[]) RETURNS SETOF figure_share LANGUAGE sql STABLE AS $$
        ${SHARE_ROWS} AND t.id = ANY(p_tasks)
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION duban_share_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('duban.figures_off', true) = 'on' THEN RETURN NULL; END IF;
        IF TG_TABLE_NAME = 'task' THEN
          INSERT INTO figure_share_dirty VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END);
        ELSE
          IF TG_OP <> 'INSERT' THEN INSERT INTO figure_share_dirty VALUES (OLD.task_id); END IF;
          IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.task_id <> OLD.task_id) THEN
            INSERT INTO figure_share_dirty VALUES (NEW.task_id);
          END IF;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER task_share_dirty AFTER DELETE ON task FOR EACH ROW EXECUTE FUNCTION duban_share_dirty()`);
    await queryRunner.query(`
      CREATE TRIGGER task_share_dirty_changed AFTER UPDATE ON task FOR EACH ROW
      WHEN ((OLD.status, OLD.open_deadline, OLD.behind_from, OLD.start_date)
            IS DISTINCT FROM (NEW.status, NEW.open_deadline, NEW.behind_from, NEW.start_date))
      EXECUTE FUNCTION duban_share_dirty()`);
    await queryRunner.query(`
      CREATE TRIGGER assignment_share_dirty AFTER INSERT OR DELETE ON assignment
      FOR EACH ROW EXECUTE FUNCTION duban_share_dirty()`);
    await queryRunner.query(`
      CREATE TRIGGER assignment_share_dirty_changed AFTER UPDATE ON assignment FOR EACH ROW
      WHEN ((OLD.task_id, OLD.unit_id, OLD.status = 'returned', OLD.live_deadline, OLD.progress)
            IS DISTINCT FROM (NEW.task_id, NEW.unit_id, NEW.status = 'returned', NEW.live_deadline, NEW.progress))
      EXECUTE FUNCTION duban_share_dirty()`);
    await queryRunner.query(
      `ALTER TABLE "figure_share" SET (autovacuum_vacuum_scale_factor = 0.005, autovacuum_vacuum_threshold = 1000)`,
    );

    // The unit ranks from figure_unit as of p_day, rows written only where they changed.
    await queryRunner.query(`
      CREATE FUNCTION duban_rank_units(p_day date) RETURNS void LANGUAGE sql AS $$
        WITH behind AS (
          SELECT unit_id, sum(n)::int AS n FROM figure_behind WHERE behind_from <= p_day GROUP BY unit_id
        ), fresh AS (
          SELECT c.*, u.name, u.path, COALESCE(b.n, 0) AS behind
            FROM (SELECT f.unit_id,
                         sum(f.n) FILTER (WHERE f.live_deadline = 'infinity')::int AS total,
                         COALESCE(sum(f.n) FILTER (WHERE f.live_deadline = 'infinity' AND f.done), 0)::int AS completed,
                         COALESCE(sum(f.n) FILTER (WHERE f.live_deadline < p_day), 0)::int AS overdue
                    FROM figure_unit f
                   WHERE f.live_deadline = 'infinity' OR f.live_deadline < p_day
                   GROUP BY f.unit_id
                  HAVING sum(f.n) FILTER (WHERE f.live_deadline = 'infinity') > 0) c
            JOIN unit u ON u.id = c.unit_id
            LEFT JOIN behind b ON b.unit_id = c.unit_id
        ), gone AS (
          DELETE FROM figure_unit_rank r WHERE NOT EXISTS (SELECT 1 FROM fresh WHERE fresh.unit_id = r.unit_id)
        )
        INSERT INTO figure_unit_rank AS r
        SELECT unit_id, name, path, total, completed, overdue,
               COALESCE(round(completed * 100.0 / NULLIF(total, 0), 1), 0)::float8, behind
          FROM fresh
        ON CONFLICT (unit_id) DO UPDATE
           SET name = excluded.name, path = excluded.path, total = excluded.total, completed = excluded.completed,
               overdue = excluded.overdue, rate = excluded.rate, behind = excluded.behind
         WHERE (r.name, r.path, r.total, r.completed, r.overdue, r.behind)
               IS DISTINCT FROM (excluded.name, excluded.path, excluded.total, excluded.completed, excluded.overdue,
                                 excluded.behind)
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION duban_rank_scopes() RETURNS void LANGUAGE sql AS $$
        DELETE FROM figure_rank_scope;
        INSERT INTO figure_rank_scope
        SELECT '00000000-0000-0000-0000-000000000000'::uuid
        UNION SELECT DISTINCT parent_id FROM unit WHERE parent_id IS NOT NULL;
      $$`);
    // The document ranks of the given keys (all of them when p_scopes is NULL), from figure_document after
    // a compaction: it has folded every marker before the watermark into '-infinity', so "overdue" is that
    // row alone and a key reads two index entries per done flag.
    await queryRunner.query(`
      CREATE FUNCTION duban_rank_documents(p_scopes uuid[], p_documents uuid[]) RETURNS void LANGUAGE sql AS $$
        WITH keys AS (
          SELECT DISTINCT k.scope_unit, k.document_id FROM unnest(p_scopes, p_documents) k(scope_unit, document_id)
           WHERE p_scopes IS NOT NULL AND k.scope_unit IN (SELECT scope_unit FROM figure_rank_scope)
        ), rows AS (
          SELECT f.* FROM keys k JOIN figure_document f
              ON f.scope_unit = k.scope_unit AND f.document_id = k.document_id AND f.mark IN ('-infinity', 'infinity')
          UNION ALL
          SELECT f.* FROM figure_document f
           WHERE p_scopes IS NULL AND f.mark IN ('-infinity', 'infinity')
             AND f.scope_unit IN (SELECT scope_unit FROM figure_rank_scope)
        ), fresh AS (
          SELECT r.scope_unit, r.document_id, d.title,
                 sum(r.n) FILTER (WHERE r.mark = 'infinity')::int AS total,
                 COALESCE(sum(r.n) FILTER (WHERE r.mark = 'infinity' AND r.done), 0)::int AS completed,
                 COALESCE(sum(r.n) FILTER (WHERE r.mark = '-infinity'), 0)::int AS overdue
            FROM rows r JOIN policy_document d ON d.id = r.document_id
           GROUP BY r.scope_unit, r.document_id, d.title
          HAVING sum(r.n) FILTER (WHERE r.mark = 'infinity') > 0
        ), gone AS (
          DELETE FROM figure_document_rank r
           WHERE (p_scopes IS NULL OR (r.scope_unit, r.document_id) IN (SELECT * FROM keys))
             AND NOT EXISTS (SELECT 1 FROM fresh WHERE (fresh.scope_unit, fresh.document_id) = (r.scope_unit, r.document_id))
        )
        INSERT INTO figure_document_rank AS r
        SELECT scope_unit, document_id, title, total, completed, overdue,
               COALESCE(round(completed * 100.0 / NULLIF(total, 0), 1), 0)::float8
          FROM fresh
        ON CONFLICT (scope_unit, document_id) DO UPDATE
           SET title = excluded.title, total = excluded.total, completed = excluded.completed,
               overdue = excluded.overdue, rate = excluded.rate
         WHERE (r.title, r.total, r.completed, r.overdue)
               IS DISTINCT FROM (excluded.title, excluded.total, excluded.completed, excluded.overdue)
      $$`);

    await queryRunner.query(COMPACT_WITH_RANKS);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION duban_rebuild_figures() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM duban_rebuild_counters();
        TRUNCATE figure_behind_delta, figure_behind, figure_document_delta, figure_document;
        INSERT INTO figure_behind
        SELECT unit_id, behind_from, count(*) FROM assignment WHERE behind_from IS NOT NULL GROUP BY 1, 2;
        INSERT INTO figure_document
        SELECT k.*, count(*) FROM task t CROSS JOIN duban_task_document_keys(t) k GROUP BY 1, 2, 3, 4;
        -- The watermark went back: the next compaction ranks everything again.
        UPDATE figure_rank_day SET ranked_on = 'infinity';
        TRUNCATE figure_share_dirty, figure_share;
        INSERT INTO figure_share ${SHARE_ROWS};
      END $$`);

    // Backfill: fold the document markers up to the watermark (as any compaction would), then rank.
    await queryRunner.query(`
      DO $$
      DECLARE
        fold_before date;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('duban_compact_figures'));
        fold_before := (SELECT clamped_before FROM figure_watermark);
        WITH gone AS (
          DELETE FROM figure_document WHERE mark < fold_before AND mark > '-infinity' AND mark < 'infinity' RETURNING *)
        INSERT INTO figure_document AS f SELECT scope_unit, document_id, done, '-infinity', sum(n) FROM gone GROUP BY 1, 2, 3
        ON CONFLICT (scope_unit, mark, document_id, done) DO UPDATE SET n = f.n + excluded.n;
        PERFORM duban_rank_units(fold_before);
        PERFORM duban_rank_scopes();
        PERFORM duban_rank_documents(NULL, NULL);
        UPDATE figure_rank_day SET ranked_on = fold_before;
        INSERT INTO figure_share ${SHARE_ROWS};
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION duban_rebuild_figures() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM duban_rebuild_counters();
        TRUNCATE figure_behind_delta, figure_behind, figure_document_delta, figure_document;
        INSERT INTO figure_behind
        SELECT unit_id, behind_from, count(*) FROM assignment WHERE behind_from IS NOT NULL GROUP BY 1, 2;
        INSERT INTO figure_document
        SELECT k.*, count(*) FROM task t CROSS JOIN duban_task_document_keys(t) k GROUP BY 1, 2, 3, 4;
      END $$`);
    await queryRunner.query(COMPACT_WITHOUT_RANKS);
    await queryRunner.query('DROP FUNCTION duban_rank_documents(uuid[], uuid[])');
    await queryRunner.query('DROP FUNCTION duban_rank_units(date)');
    await queryRunner.query('DROP FUNCTION duban_rank_scopes()');
    await queryRunner.query('DROP TRIGGER assignment_share_dirty_changed ON assignment');
    await queryRunner.query('DROP TRIGGER assignment_share_dirty ON assignment');
    await queryRunner.query('DROP TRIGGER task_share_dirty_changed ON task');
    await queryRunner.query('DROP TRIGGER task_share_dirty ON task');
    await queryRunner.query('DROP FUNCTION duban_share_dirty()');
    await queryRunner.query('DROP FUNCTION duban_share_rows(uuid[])');
    await queryRunner.query('DROP TABLE "figure_share_dirty", "figure_share"');
    await queryRunner.query('DROP TRIGGER document_rank_title ON policy_document');
    await queryRunner.query('DROP FUNCTION duban_document_rank_title()');
    await queryRunner.query('DROP TRIGGER unit_rank_name ON unit');
    await queryRunner.query('DROP FUNCTION duban_unit_rank_name()');
    await queryRunner.query(
      'DROP TABLE "figure_document_rank", "figure_unit_rank", "figure_rank_scope", "figure_rank_day"',
    );
  }
}

/** figure_share's rows: per non-returned assignment of a task in progress (the read model reads the same). */
const SHARE_ROWS = `SELECT a.id, a.task_id, a.unit_id, t.open_deadline, t.behind_from, t.start_date, a.live_deadline,
         a.progress
    FROM task t JOIN assignment a ON a.task_id = t.id
   WHERE t.status = 'in_progress' AND a.status <> 'returned'`;

/** The behind counter's part of the compaction (RankingCounters), unchanged. */
const COMPACT_BEHIND = `
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
        moved := moved + batch;`;

/**
 * The compaction with the ranks: the lock first (so the rank day and the watermark read next are the last
 * compactor's), FigureCounters' compaction and the behind counter as before, the document keys collected by
 * the statements that move and fold them, then the ranks refreshed when the watermark is the compaction's
 * day. A compaction on another day (a clock set back) that moved rows leaves the ranks behind the counters:
 * it marks them so, and the next one ranks everything again.
 */
const COMPACT_WITH_RANKS = `
      CREATE OR REPLACE FUNCTION duban_compact_figures(p_today date) RETURNS int LANGUAGE plpgsql AS $$
      DECLARE
        ranked_before date;
        marked_before date;
        moved int;
        batch int;
        mark_before date;
        scopes uuid[];
        documents uuid[];
        changed_tasks uuid[];
        folded_scopes uuid[];
        folded_documents uuid[];
      BEGIN
        IF NOT pg_try_advisory_xact_lock(hashtext('duban_compact_figures')) THEN RETURN -1; END IF;
        ranked_before := (SELECT ranked_on FROM figure_rank_day);
        marked_before := (SELECT clamped_before FROM figure_watermark);
        moved := duban_compact_counters(p_today);
        IF moved < 0 THEN RETURN moved; END IF;
        mark_before := (SELECT clamped_before FROM figure_watermark);
        ${COMPACT_BEHIND}
        WITH gone AS (DELETE FROM figure_document_delta RETURNING *), summed AS (
          INSERT INTO figure_document AS f
          SELECT scope_unit, document_id, done, mark, sum(n) FROM gone GROUP BY scope_unit, document_id, done, mark
          ON CONFLICT (scope_unit, mark, document_id, done) DO UPDATE SET n = f.n + excluded.n
          RETURNING 1)
        SELECT (SELECT count(*) FROM gone)::int, COALESCE(array_agg(k.scope_unit), '{}'), COALESCE(array_agg(k.document_id), '{}')
          INTO batch, scopes, documents
          FROM (SELECT DISTINCT scope_unit, document_id FROM gone) k;
        WITH gone AS (
          DELETE FROM figure_document WHERE mark < mark_before AND mark > '-infinity' AND mark < 'infinity'
          RETURNING *), summed AS (
          INSERT INTO figure_document AS f SELECT scope_unit, document_id, done, '-infinity', sum(n) FROM gone GROUP BY 1, 2, 3
          ON CONFLICT (scope_unit, mark, document_id, done) DO UPDATE SET n = f.n + excluded.n
          RETURNING 1)
        SELECT COALESCE(array_agg(k.scope_unit), '{}'), COALESCE(array_agg(k.document_id), '{}')
          INTO folded_scopes, folded_documents
          FROM (SELECT DISTINCT scope_unit, document_id FROM gone) k;
        DELETE FROM figure_document WHERE n = 0;
        IF p_today = mark_before THEN
          IF ranked_before IS DISTINCT FROM marked_before THEN
            PERFORM duban_rank_units(mark_before);
            PERFORM duban_rank_scopes();
        PERFORM duban_rank_documents(NULL, NULL);
          ELSIF moved + batch > 0 OR mark_before <> ranked_before THEN
            PERFORM duban_rank_units(mark_before);
            PERFORM duban_rank_documents(scopes || folded_scopes, documents || folded_documents);
          END IF;
          UPDATE figure_rank_day SET ranked_on = mark_before WHERE ranked_on IS DISTINCT FROM mark_before;
        ELSIF moved + batch > 0 THEN
          UPDATE figure_rank_day SET ranked_on = 'infinity';
        END IF;
        -- The shares of the tasks changed since: rows again from the tables (a task changed after this
        -- statement's snapshot stays in figure_share_dirty for the next compaction).
        WITH gone AS (DELETE FROM figure_share_dirty RETURNING task_id)
        SELECT COALESCE(array_agg(DISTINCT task_id), '{}') INTO changed_tasks FROM gone;
        IF cardinality(changed_tasks) > 0 THEN
          DELETE FROM figure_share WHERE task_id = ANY(changed_tasks);
          INSERT INTO figure_share SELECT * FROM duban_share_rows(changed_tasks);
        END IF;
        RETURN moved + batch + cardinality(changed_tasks);
      END $$`;

/** duban_compact_figures as RankingCounters made it. */
const COMPACT_WITHOUT_RANKS = `
      CREATE OR REPLACE FUNCTION duban_compact_figures(p_today date) RETURNS int LANGUAGE plpgsql AS $$
      DECLARE
        moved int := duban_compact_counters(p_today);
        batch int;
        mark_before date := (SELECT clamped_before FROM figure_watermark);
      BEGIN
        IF moved < 0 THEN RETURN moved; END IF;
        ${COMPACT_BEHIND}
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
      END $$`;
