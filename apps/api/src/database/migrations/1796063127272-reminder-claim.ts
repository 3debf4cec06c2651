import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReminderClaim1796063127272 implements MigrationInterface {
  name = 'ReminderClaim1796063127272';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "reminder" ADD "claimed_until" TIMESTAMP WITH TIME ZONE');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "reminder" DROP COLUMN "claimed_until"');
  }
}
