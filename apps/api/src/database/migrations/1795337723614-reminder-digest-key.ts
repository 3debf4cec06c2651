import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReminderDigestKey1795337723614 implements MigrationInterface {
  name = 'ReminderDigestKey1795337723614';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_reminder_digest" ON "reminder"  ("recipient_id", "bucket") WHERE rule = \'digest\'',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."uq_reminder_digest"');
  }
}
