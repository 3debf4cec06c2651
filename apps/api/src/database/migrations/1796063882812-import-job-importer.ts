import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ImportJobImporter1796063882812 implements MigrationInterface {
  name = 'ImportJobImporter1796063882812';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "import_job" ADD "created_by_roles" text array NOT NULL DEFAULT \'{}\'',
    );
    await queryRunner.query('ALTER TABLE "import_job" ADD "created_by_unit_id" uuid');
    // Jobs queued before: take the importer as they are now.
    await queryRunner.query(
      'UPDATE import_job j SET created_by_roles = u.roles, created_by_unit_id = u.unit_id FROM app_user u WHERE u.id = j.created_by',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "import_job" DROP COLUMN "created_by_unit_id"');
    await queryRunner.query('ALTER TABLE "import_job" DROP COLUMN "created_by_roles"');
  }
}
