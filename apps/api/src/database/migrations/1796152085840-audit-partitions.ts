import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What audit_entry carries, partitioned or not: its indexes and the append-only trigger. */
const INDEXES_AND_TRIGGER = [
  'CREATE INDEX "ix_audit_entry_at" ON "audit_entry" ("at")',
  'CREATE INDEX "ix_audit_entry_actor" ON "audit_entry" ("actor_id")',
  'CREATE INDEX "ix_audit_entry_entity" ON "audit_entry" ("entity_type", "entity_id", "at")',
  `CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_entry
   FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()`,
];

/**
 * audit_entry becomes partitioned by month of `at` (Asia/Shanghai months), so every month's indexes
 * stay the size of a month and retention drops whole months instead of deleting rows. The primary
 * key of a partitioned table must include the partition key: (id, at). `duban_audit_partition(month)`
 * creates a month (idempotent; the retention job keeps three months ahead); a DEFAULT partition
 * catches anything outside them, so an insert never fails. Existing rows are copied over (at 4
 * million rows: minutes; run it in a maintenance window).
 */
export class AuditPartitions1796152085840 implements MigrationInterface {
  name = 'AuditPartitions1796152085840';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_entry" RENAME TO "audit_entry_unpartitioned"`);
    await queryRunner.query(`DROP TRIGGER audit_entry_append_only ON "audit_entry_unpartitioned"`);
    for (const index of ['ix_audit_entry_at', 'ix_audit_entry_actor', 'ix_audit_entry_entity']) {
      await queryRunner.query(`ALTER INDEX "${index}" RENAME TO "${index}_unpartitioned"`);
    }
    await queryRunner.query(
      `ALTER TABLE "audit_entry_unpartitioned" RENAME CONSTRAINT "PK_58a130a4b9da189f46ba2a01801" TO "pk_audit_entry_unpartitioned"`,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_entry" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "actor_name" character varying(64), "action" character varying(60) NOT NULL, "entity_type" character varying(40) NOT NULL, "entity_id" character varying(64) NOT NULL, "before" jsonb, "after" jsonb, CONSTRAINT "PK_bca9bbed413a3059aee206284b4" PRIMARY KEY ("id", "at")) PARTITION BY RANGE ("at")`,
    );
    for (const sql of INDEXES_AND_TRIGGER) await queryRunner.query(sql);
    // Statement triggers on the parent do not cover statements aimed at one partition: each
    // partition gets its own. DROP TABLE (retention) fires no trigger.
    await queryRunner.query(`
      CREATE FUNCTION duban_audit_partition(month date) RETURNS text LANGUAGE plpgsql AS $$
      DECLARE
        first date := date_trunc('month', month)::date;
        name text := format('audit_entry_y%sm%s', to_char(first, 'YYYY'), to_char(first, 'MM'));
        low timestamptz := first::timestamp AT TIME ZONE 'Asia/Shanghai';
        high timestamptz := (first + interval '1 month')::timestamp AT TIME ZONE 'Asia/Shanghai';
      BEGIN
        IF to_regclass(name) IS NOT NULL THEN RETURN NULL; END IF;
        IF EXISTS (SELECT 1 FROM audit_entry_default WHERE at >= low AND at < high) THEN
          RAISE WARNING 'audit rows of % sit in audit_entry_default; that month stays there', first;
          RETURN NULL;
        END IF;
        EXECUTE format('CREATE TABLE %I PARTITION OF audit_entry FOR VALUES FROM (%L) TO (%L)', name, low, high);
        EXECUTE format('CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON %I
                        FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()', name);
        RETURN name;
      END
      $$`);
    await queryRunner.query(`CREATE TABLE "audit_entry_default" PARTITION OF "audit_entry" DEFAULT`);
    await queryRunner.query(`
      CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_entry_default
      FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()`);
    // Every month that has rows, and the current month with the next three.
    await queryRunner.query(`
      SELECT duban_audit_partition(m::date)
        FROM generate_series(
               date_trunc('month', LEAST(
                 (SELECT min(at) FROM audit_entry_unpartitioned), now()) AT TIME ZONE 'Asia/Shanghai'),
               date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') + interval '3 months',
               interval '1 month') m`);
    await queryRunner.query(`INSERT INTO "audit_entry" SELECT * FROM "audit_entry_unpartitioned"`);
    await queryRunner.query(`DROP TABLE "audit_entry_unpartitioned"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_entry" RENAME TO "audit_entry_partitioned"`);
    for (const index of ['ix_audit_entry_at', 'ix_audit_entry_actor', 'ix_audit_entry_entity']) {
      await queryRunner.query(`ALTER INDEX "${index}" RENAME TO "${index}_partitioned"`);
    }
    await queryRunner.query(
      `ALTER TABLE "audit_entry_partitioned" RENAME CONSTRAINT "PK_bca9bbed413a3059aee206284b4" TO "pk_audit_entry_partitioned"`,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_entry" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "actor_name" character varying(64), "action" character varying(60) NOT NULL, "entity_type" character varying(40) NOT NULL, "entity_id" character varying(64) NOT NULL, "before" jsonb, "after" jsonb, CONSTRAINT "PK_58a130a4b9da189f46ba2a01801" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`INSERT INTO "audit_entry" SELECT * FROM "audit_entry_partitioned"`);
    await queryRunner.query(`DROP TABLE "audit_entry_partitioned"`);
    await queryRunner.query(`DROP FUNCTION duban_audit_partition(date)`);
    for (const sql of INDEXES_AND_TRIGGER) await queryRunner.query(sql);
  }
}
