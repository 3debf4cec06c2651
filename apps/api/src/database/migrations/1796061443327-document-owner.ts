import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DocumentOwner1796061443327 implements MigrationInterface {
  name = 'DocumentOwner1796061443327';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "policy_document" ADD "owner_unit_id" uuid');
    await queryRunner.query(
      'CREATE INDEX "ix_policy_document_owner" ON "policy_document"  ("owner_unit_id") ',
    );
    // Existing documents go to the importer's unit, else to the government at the top of their region.
    await queryRunner.query(`
      UPDATE policy_document d
         SET owner_unit_id = coalesce(
           (SELECT u.unit_id FROM app_user u WHERE u.id = d.created_by),
           (SELECT g.id FROM unit g LEFT JOIN unit p ON p.id = g.parent_id
             WHERE g.region = d.region AND g.kind = 'government' AND (p.id IS NULL OR p.region IS DISTINCT FROM g.region)
             ORDER BY length(g.path), g.name LIMIT 1))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_policy_document_owner"');
    await queryRunner.query('ALTER TABLE "policy_document" DROP COLUMN "owner_unit_id"');
  }
}
