import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MessageRoad1796151776007 implements MigrationInterface {
  name = 'MessageRoad1796151776007';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "notification" ADD "payload" jsonb');
    await queryRunner.query('ALTER TABLE "reminder" ADD "payload" jsonb');
    await queryRunner.query('ALTER TABLE "task" ADD "late_from_start" boolean NOT NULL DEFAULT false');
    await queryRunner.query(
      'CREATE INDEX "ix_progress_report_submitted" ON "progress_report"  ("created_at") WHERE status = \'submitted\'',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_progress_report_submitted"');
    await queryRunner.query('ALTER TABLE "task" DROP COLUMN "late_from_start"');
    await queryRunner.query('ALTER TABLE "reminder" DROP COLUMN "payload"');
    await queryRunner.query('ALTER TABLE "notification" DROP COLUMN "payload"');
  }
}
