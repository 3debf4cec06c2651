import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A measure's confidence from the parser; a document's text fingerprint and 发文字号 index for duplicate imports. */
export class MeasureReview1796152639786 implements MigrationInterface {
  name = 'MeasureReview1796152639786';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "measure" ADD "confidence" real');
    await queryRunner.query('ALTER TABLE "policy_document" ADD "text_hash" character varying(64)');
    // Same fingerprint as DocumentsService.textHash: the text without any whitespace, sha256 in hex.
    await queryRunner.query(
      `UPDATE policy_document SET text_hash = encode(sha256(convert_to(regexp_replace(source_text, '[[:space:]\u3000]', '', 'g'), 'UTF8')), 'hex')`,
    );
    await queryRunner.query(
      'CREATE INDEX "ix_policy_document_text_hash" ON "policy_document" ("text_hash") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_policy_document_doc_number" ON "policy_document" ("doc_number") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_policy_document_doc_number"');
    await queryRunner.query('DROP INDEX "public"."ix_policy_document_text_hash"');
    await queryRunner.query('ALTER TABLE "policy_document" DROP COLUMN "text_hash"');
    await queryRunner.query('ALTER TABLE "measure" DROP COLUMN "confidence"');
  }
}
