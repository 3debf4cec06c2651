import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tokens carry the user's token version (bumped on password, role, unit or active change, and logout); argon2 hashes are longer than bcrypt's. */
export class UserTokenVersion1796151885216 implements MigrationInterface {
  name = 'UserTokenVersion1796151885216';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "app_user" ADD "token_version" integer NOT NULL DEFAULT 1');
    await queryRunner.query(
      'ALTER TABLE "app_user" ALTER COLUMN "password_hash" TYPE character varying(255)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "app_user" ALTER COLUMN "password_hash" TYPE character varying(100)',
    );
    await queryRunner.query('ALTER TABLE "app_user" DROP COLUMN "token_version"');
  }
}
