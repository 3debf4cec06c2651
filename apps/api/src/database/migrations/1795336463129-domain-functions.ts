import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What TypeORM does not model: the traffic-light function shared by every task query (it mirrors
 * lightFor() in contracts), the task code sequence, and the trigger that keeps the audit log append-only.
 */
export class DomainFunctions1795336463129 implements MigrationInterface {
  name = 'DomainFunctions1795336463129';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION duban_light(deadline date, start_date date, progress int, done boolean,
                                  today date, due_soon_days int, behind_threshold int)
      RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE
          WHEN done THEN 'green'
          WHEN deadline IS NULL THEN 'green'
          WHEN deadline < today THEN 'red'
          WHEN deadline - today <= due_soon_days THEN 'yellow'
          WHEN (CASE WHEN deadline - start_date <= 0 THEN 100
                     ELSE GREATEST(0, LEAST(100, round((today - start_date) * 100.0 / (deadline - start_date))))
                END) - progress > behind_threshold THEN 'yellow'
          ELSE 'green'
        END
      $$`);
    await queryRunner.query(`CREATE SEQUENCE task_code_seq`);
    await queryRunner.query(`
      CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entry is append-only';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_entry
      FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_entry_append_only ON audit_entry`);
    await queryRunner.query(`DROP FUNCTION audit_entry_append_only()`);
    await queryRunner.query(`DROP SEQUENCE task_code_seq`);
    await queryRunner.query(`DROP FUNCTION duban_light(date, date, int, boolean, date, int, int)`);
  }
}
