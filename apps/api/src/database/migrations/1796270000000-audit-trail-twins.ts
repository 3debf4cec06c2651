import { AUDIT_CHILD_TWINS } from '@duban/contracts';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail decided on every read which rows were twins: a report's or extension request's row with
 * its assignment's row of the same step (same `at`, same actor), hidden by a NOT EXISTS over the whole
 * table (an admin's first page took 5 s at 1M). Now the writer says it, in the insert (`twin`), and the
 * page walks a partial index of the rows it lists:
 * - audit_entry.twin (false by default: adding it rewrites nothing);
 * - existing rows: the twins are marked month by month (a hash join within each partition, where a step's
 *   two rows always are, both having its `at`), by the pairs the writer uses (AUDIT_CHILD_TWINS: the rule
 *   the trail read with); only those rows are written. The append-only trigger of the partition is off
 *   for that UPDATE, inside this migration's transaction (no other session sees it off);
 * - ix_audit_entry_trail (at, id, actor_id) WHERE NOT twin replaces ix_audit_entry_at (at): the trail's
 *   page and its capped count walk it backwards, index only (actor_id: a supervisor's page filters the
 *   newest rows by their doer without reading them);
 * - ix_audit_entry_actor (actor_id) becomes (actor_id, at, id, twin): the trail of one person, or of each
 *   person of a jurisdiction, newest first and index only;
 * - ix_audit_entry_type (entity_type, at, id, twin): the trail filtered by entity type, newest first (it
 *   sorted every row of the type: 0.7 s for tasks at 1M, 2 s to count them);
 * - ix_audit_entry_entity (entity_type, entity_id, at) becomes (entity_id, entity_type, at): the trail
 *   filtered by entity id alone scanned the table (0.5 s at 1M); an entity's history names both.
 */
export class AuditTrailTwins1796270000000 implements MigrationInterface {
  name = 'AuditTrailTwins1796270000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_entry" ADD "twin" boolean NOT NULL DEFAULT false`);
    const partitions: { name: string }[] = await queryRunner.query(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'audit_entry'::regclass ORDER BY 1`,
    );
    for (const { name } of partitions) {
      await queryRunner.query(`ALTER TABLE "${name}" DISABLE TRIGGER audit_entry_append_only`);
      // coalesce, not IS NOT DISTINCT FROM: an equality the planner can hash (system rows have no actor).
      await queryRunner.query(
        `UPDATE "${name}" c SET twin = true
          WHERE c.action = ANY($1::text[])
            AND EXISTS (SELECT 1 FROM "${name}" p JOIN unnest($1::text[], $2::text[]) AS pair(child, parent) ON pair.parent = p.action
                         WHERE pair.child = c.action AND p.at = c.at
                           AND coalesce(p.actor_id, '${NO_ACTOR}') = coalesce(c.actor_id, '${NO_ACTOR}'))`,
        [Object.keys(AUDIT_CHILD_TWINS), Object.values(AUDIT_CHILD_TWINS)],
      );
      await queryRunner.query(`ALTER TABLE "${name}" ENABLE TRIGGER audit_entry_append_only`);
    }
    for (const index of ['ix_audit_entry_at', 'ix_audit_entry_actor', 'ix_audit_entry_entity'])
      await queryRunner.query(`DROP INDEX "public"."${index}"`);
    for (const [index, definition] of Object.entries(INDEXES))
      await queryRunner.query(`CREATE INDEX "${index}" ON "audit_entry" ${definition}`);
    await queryRunner.query(`ANALYZE "audit_entry"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of Object.keys(INDEXES)) await queryRunner.query(`DROP INDEX "public"."${index}"`);
    await queryRunner.query(`ALTER TABLE "audit_entry" DROP COLUMN "twin"`);
    await queryRunner.query(
      `CREATE INDEX "ix_audit_entry_entity" ON "audit_entry" ("entity_type", "entity_id", "at")`,
    );
    await queryRunner.query(`CREATE INDEX "ix_audit_entry_actor" ON "audit_entry" ("actor_id")`);
    await queryRunner.query(`CREATE INDEX "ix_audit_entry_at" ON "audit_entry" ("at")`);
  }
}

/** The indexes this migration creates (on every partition, and on those to come). */
const INDEXES = {
  ix_audit_entry_trail: '("at", "id", "actor_id") WHERE NOT twin',
  ix_audit_entry_actor: '("actor_id", "at", "id", "twin")',
  ix_audit_entry_type: '("entity_type", "at", "id", "twin")',
  ix_audit_entry_entity: '("entity_id", "entity_type", "at")',
};

const NO_ACTOR = '00000000-0000-0000-0000-000000000000';
