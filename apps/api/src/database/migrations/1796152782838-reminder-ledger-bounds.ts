import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reminder ledger stays the size of current work: rows that can never fire again move to
 * reminder_archive (retention job), and each sweep records its directory fingerprint so a sweep with
 * nothing new checks only keys the ledger lacks. duban_uuid7() gives the sweep's bulk inserts
 * time-ordered ids.
 */
export class ReminderLedgerBounds1796152782838 implements MigrationInterface {
  name = 'ReminderLedgerBounds1796152782838';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Time-ordered ids (UUID version 7 layout) for bulk ledger inserts: a sweep's rows land at the
    // right edge of the primary key instead of on a million random pages.
    await queryRunner.query(`
      CREATE FUNCTION duban_uuid7() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
        SELECT (lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0')
                || '7' || substr(r, 1, 3) || '8' || substr(r, 4, 15))::uuid
          FROM md5(random()::text) r
      $$`);
    await queryRunner.query(
      'CREATE TABLE "reminder_archive" ("id" uuid NOT NULL, "assignment_id" uuid, "rule" character varying(30) NOT NULL, "bucket" date NOT NULL, "recipient_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "archived_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "row" jsonb NOT NULL, CONSTRAINT "PK_e4ff9d2fa2ff157181a57271a81" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_reminder_archive_created" ON "reminder_archive"  ("created_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_reminder_archive_assignment" ON "reminder_archive"  ("assignment_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "reminder_sweep_run" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "swept_at" TIMESTAMP WITH TIME ZONE NOT NULL, "directory" character varying(32) NOT NULL, "considered" integer NOT NULL, "created" integer NOT NULL, "only_new_keys" boolean NOT NULL, CONSTRAINT "PK_c82ffdf7a10bf1e9172d6544dcc" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_reminder_sweep_run_created" ON "reminder_sweep_run"  ("created_at") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_reminder_sweep_run_created"');
    await queryRunner.query('DROP TABLE "reminder_sweep_run"');
    await queryRunner.query('DROP INDEX "public"."ix_reminder_archive_assignment"');
    await queryRunner.query('DROP INDEX "public"."ix_reminder_archive_created"');
    await queryRunner.query('DROP TABLE "reminder_archive"');
    await queryRunner.query('DROP FUNCTION duban_uuid7()');
  }
}
