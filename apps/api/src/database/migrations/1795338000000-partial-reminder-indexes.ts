import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger grows by every reminder sent; index only what is looked up: the rows not yet delivered
 * (recovery, the failed list). Nothing reads by digest_id. A sweep's insert then maintains two
 * indexes fewer for most rows.
 */
export class PartialReminderIndexes1795338000000 implements MigrationInterface {
  name = 'PartialReminderIndexes1795338000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_reminder_digest"');
    await queryRunner.query('DROP INDEX "public"."ix_reminder_status"');
    await queryRunner.query(
      `CREATE INDEX "ix_reminder_unsent" ON "reminder" ("status", "created_at") WHERE status IN ('pending', 'failed')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX "ix_reminder_digest" ON "reminder" ("digest_id")');
    await queryRunner.query('DROP INDEX "public"."ix_reminder_unsent"');
    await queryRunner.query('CREATE INDEX "ix_reminder_status" ON "reminder" ("status", "created_at")');
  }
}
