import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The task list's text filter (标题或编号包含…) as an index: a GIN index over the title's and code's
 * character pairs. Chinese searches are mostly two or three characters (营商, 数字政府), below what a
 * trigram index can use, so the index keeps every pair of adjacent characters (lower-cased, as ILIKE
 * compares). A text of two or more characters must contain all its pairs: the index narrows the rows to
 * those, and ILIKE decides exactly on them.
 */
export class TaskSearch1796190000000 implements MigrationInterface {
  name = 'TaskSearch1796190000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE FUNCTION duban_bigrams(input text) RETURNS text[]
         LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
         RETURN ARRAY(SELECT DISTINCT substr(lower(input), i, 2)
                        FROM generate_series(1, char_length(input) - 1) AS i)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_task_search" ON "task" USING gin (duban_bigrams(title || ' ' || code))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_task_search"');
    await queryRunner.query('DROP FUNCTION duban_bigrams(text)');
  }
}
