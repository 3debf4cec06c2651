import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The cockpit's ten units behind 序时进度 show each unit's average gap (序时进度 minus progress) and its yellow
 * tasks. Both were summed per request over the units' live shares (figure_share: about 11,000 rows for the
 * ten largest units at 1M, numeric arithmetic per row, 8–12 ms). figure_share_unit keeps those sums per unit
 * as of the rank day (figure_rank_day.ranked_on, the day the kept ranks stand for): its shares, the shares
 * with a live deadline and the sum of their gaps, and the shares whose task is yellow by 序时进度 that day
 * (duban_behind_yellow: behind_from reached, not overdue). Yellow by the due-soon window depends on the
 * calendar and a setting, not on the day alone, so a read takes those rows from figure_share (a short range of
 * open deadlines per unit), beside the changed tasks' rows (their kept rows out, their rows from the tables
 * in), in one statement.
 * Triggers keep the sums: on figure_share (written by the compactor and the rebuild) from the rows inserted
 * or deleted, and on figure_rank_day, summing figure_share again when the rank day moves (the day's first
 * compaction; about 300,000 rows at 1M). While the ranks stand for no day ('infinity', '-infinity') there
 * are no sums and the read sums the shares.
 * duban_expected_progress: 序时进度 in integer arithmetic, equal to duban_light's numeric round() (half away
 * from zero) for every integer input and several times cheaper per row; the read model uses it too.
 */
export class ShareSums1796250000000 implements MigrationInterface {
  name = 'ShareSums1796250000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // round(e * 100 / s) for e, s > 0 is floor((200 e + s) / 2 s); a negative e gives at most 0 (clamped).
    // NULL without a deadline, as expectedProgress() (GREATEST would turn it into 0).
    await queryRunner.query(`
      CREATE FUNCTION duban_expected_progress(start_date date, deadline date, today date)
      RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN deadline IS NULL THEN NULL WHEN deadline <= start_date THEN 100
          ELSE LEAST(100, GREATEST(0, (200 * (today - start_date) + (deadline - start_date)) / (2 * (deadline - start_date))))
        END
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION duban_behind_yellow(open_deadline date, behind_from date, today date)
      RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT COALESCE(behind_from <= today, false) AND COALESCE(open_deadline >= today, true)
      $$`);
    await queryRunner.query(`CREATE TABLE "figure_share_unit" ("unit_id" uuid PRIMARY KEY,
      "shares" integer NOT NULL, "dated" integer NOT NULL, "gap" bigint NOT NULL, "behind" integer NOT NULL)`);
    await queryRunner.query(
      `ALTER TABLE "figure_share_unit" SET (autovacuum_vacuum_scale_factor = 0.005, autovacuum_vacuum_threshold = 1000)`,
    );
    const add = `ON CONFLICT (unit_id) DO UPDATE SET shares = s.shares + excluded.shares,
      dated = s.dated + excluded.dated, gap = s.gap + excluded.gap, behind = s.behind + excluded.behind`;
    await queryRunner.query(`
      CREATE FUNCTION duban_share_unit_moved() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        rank_day date := (SELECT ranked_on FROM figure_rank_day);
      BEGIN
        IF NOT isfinite(rank_day) THEN RETURN NULL; END IF;
        IF TG_OP <> 'INSERT' THEN
          INSERT INTO figure_share_unit AS s ${sums('gone', 'rank_day', '-1')} ${add};
          DELETE FROM figure_share_unit WHERE shares = 0 AND unit_id IN (SELECT unit_id FROM gone);
        END IF;
        IF TG_OP <> 'DELETE' THEN
          INSERT INTO figure_share_unit AS s ${sums('came', 'rank_day', '1')} ${add};
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER share_unit_inserted AFTER INSERT ON figure_share
      REFERENCING NEW TABLE AS came FOR EACH STATEMENT EXECUTE FUNCTION duban_share_unit_moved()`);
    await queryRunner.query(`CREATE TRIGGER share_unit_deleted AFTER DELETE ON figure_share
      REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION duban_share_unit_moved()`);
    await queryRunner.query(`CREATE TRIGGER share_unit_updated AFTER UPDATE ON figure_share
      REFERENCING OLD TABLE AS gone NEW TABLE AS came FOR EACH STATEMENT EXECUTE FUNCTION duban_share_unit_moved()`);
    await queryRunner.query(`
      CREATE FUNCTION duban_sum_share_units(p_day date) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM figure_share_unit;
        IF isfinite(p_day) THEN
          INSERT INTO figure_share_unit ${sums('figure_share', 'p_day', '1')};
        END IF;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION duban_share_unit_day() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM duban_sum_share_units(NEW.ranked_on);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER rank_day_share_units AFTER UPDATE ON figure_rank_day FOR EACH ROW
      WHEN (OLD.ranked_on IS DISTINCT FROM NEW.ranked_on) EXECUTE FUNCTION duban_share_unit_day()`);

    // The due-soon rows of a unit are a range of its index.
    await queryRunner.query('DROP INDEX "ix_figure_share_unit"');
    await queryRunner.query(`CREATE INDEX "ix_figure_share_unit" ON "figure_share" ("unit_id", "open_deadline")
      INCLUDE ("task_id", "behind_from", "start_date", "live_deadline", "progress")`);

    // Backfill as of the rank day, under the compactor's lock (it writes figure_share and the rank day).
    await queryRunner.query(`
      DO $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('duban_compact_figures'));
        PERFORM duban_sum_share_units((SELECT ranked_on FROM figure_rank_day));
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_figure_share_unit"');
    await queryRunner.query(`CREATE INDEX "ix_figure_share_unit" ON "figure_share" ("unit_id")
      INCLUDE ("task_id", "open_deadline", "behind_from", "start_date", "live_deadline", "progress")`);
    await queryRunner.query('DROP TRIGGER rank_day_share_units ON figure_rank_day');
    await queryRunner.query('DROP FUNCTION duban_share_unit_day()');
    await queryRunner.query('DROP FUNCTION duban_sum_share_units(date)');
    for (const trigger of ['share_unit_inserted', 'share_unit_deleted', 'share_unit_updated'])
      await queryRunner.query(`DROP TRIGGER ${trigger} ON figure_share`);
    await queryRunner.query('DROP FUNCTION duban_share_unit_moved()');
    await queryRunner.query('DROP TABLE "figure_share_unit"');
    await queryRunner.query('DROP FUNCTION duban_behind_yellow(date, date, date)');
    await queryRunner.query('DROP FUNCTION duban_expected_progress(date, date, date)');
  }
}

/** Per unit of `rows` (figure_share rows), the sums figure_share_unit keeps, as of `day`, times `sign`. */
const sums = (rows: string, day: string, sign: string) => `
  SELECT unit_id, ${sign} * count(*), ${sign} * count(live_deadline),
         ${sign} * COALESCE(sum(duban_expected_progress(start_date, live_deadline, ${day}) - progress), 0),
         ${sign} * count(*) FILTER (WHERE duban_behind_yellow(open_deadline, behind_from, ${day}))
    FROM ${rows} GROUP BY unit_id`;
