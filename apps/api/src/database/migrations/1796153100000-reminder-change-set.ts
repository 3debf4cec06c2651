import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reminder sweep works from a change set (issue 9): the plan entries it evaluated last time
 * (reminder_sweep_run.plan), the assignments changed since (reminder_dirty, kept by triggers in the
 * writer's transaction) and an index on live_deadline so "open work with this deadline" is a probe.
 */
export class ReminderChangeSet1796153100000 implements MigrationInterface {
  name = 'ReminderChangeSet1796153100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "reminder_sweep_run" ADD "plan" text array');
    await queryRunner.query(
      'CREATE TABLE "reminder_dirty" ("assignment_id" uuid NOT NULL, CONSTRAINT "PK_reminder_dirty" PRIMARY KEY ("assignment_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_assignment_live_deadline_sweep" ON "assignment" ("live_deadline") WHERE live_deadline IS NOT NULL',
    );
    await queryRunner.query(`
      CREATE FUNCTION duban_reminder_dirty_assignment() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO reminder_dirty (assignment_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`);
    // Open work that is new, or whose deadline, unit, status or task changed (progress and reports do not count).
    await queryRunner.query(`
      CREATE TRIGGER assignment_reminder_dirty_insert AFTER INSERT ON assignment FOR EACH ROW
      WHEN (duban_is_open(NEW.status)) EXECUTE FUNCTION duban_reminder_dirty_assignment()`);
    await queryRunner.query(`
      CREATE TRIGGER assignment_reminder_dirty_update AFTER UPDATE ON assignment FOR EACH ROW
      WHEN (duban_is_open(NEW.status) AND (OLD.status, OLD.deadline, OLD.unit_id, OLD.task_id, OLD.live_deadline)
            IS DISTINCT FROM (NEW.status, NEW.deadline, NEW.unit_id, NEW.task_id, NEW.live_deadline))
      EXECUTE FUNCTION duban_reminder_dirty_assignment()`);
    // A task put in progress (or resumed), or whose report cycle changed: its open assignments.
    await queryRunner.query(`
      CREATE FUNCTION duban_reminder_dirty_task() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO reminder_dirty (assignment_id)
        SELECT id FROM assignment WHERE task_id = NEW.id AND duban_is_open(status)
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER task_reminder_dirty AFTER UPDATE ON task FOR EACH ROW
      WHEN (NEW.status = 'in_progress' AND (OLD.status, OLD.ongoing, OLD.report_cycle)
            IS DISTINCT FROM (NEW.status, NEW.ongoing, NEW.report_cycle))
      EXECUTE FUNCTION duban_reminder_dirty_task()`);
    // Rows leaving the ledger (retention, a manual clean-up) may be keys the plan says exist: the next
    // sweep then checks every open assignment again.
    await queryRunner.query(`
      CREATE FUNCTION duban_reminder_forget_plan() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE reminder_sweep_run SET plan = NULL WHERE plan IS NOT NULL;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER reminder_rows_removed AFTER DELETE ON reminder FOR EACH STATEMENT
      EXECUTE FUNCTION duban_reminder_forget_plan()`);
    await queryRunner.query(`
      CREATE TRIGGER reminder_rows_truncated AFTER TRUNCATE ON reminder FOR EACH STATEMENT
      EXECUTE FUNCTION duban_reminder_forget_plan()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER reminder_rows_removed ON reminder');
    await queryRunner.query('DROP TRIGGER reminder_rows_truncated ON reminder');
    await queryRunner.query('DROP FUNCTION duban_reminder_forget_plan()');
    await queryRunner.query('DROP TRIGGER task_reminder_dirty ON task');
    await queryRunner.query('DROP FUNCTION duban_reminder_dirty_task()');
    await queryRunner.query('DROP TRIGGER assignment_reminder_dirty_update ON assignment');
    await queryRunner.query('DROP TRIGGER assignment_reminder_dirty_insert ON assignment');
    await queryRunner.query('DROP FUNCTION duban_reminder_dirty_assignment()');
    await queryRunner.query('DROP INDEX "public"."ix_assignment_live_deadline_sweep"');
    await queryRunner.query('DROP TABLE "reminder_dirty"');
    await queryRunner.query('ALTER TABLE "reminder_sweep_run" DROP COLUMN "plan"');
  }
}
