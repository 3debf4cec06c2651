import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The task list's order as one index (read-model/task-ledger.queries.ts LIST_KEY): open deadline, deadline,
 * code, NULLs as 'infinity'. A page, first or ten-thousandth, is a walk of this index from the cursor, and
 * a jurisdiction (scope_units) or filter is checked on the rows walked, not on the whole scope.
 */
export class ListKeyset1796160000000 implements MigrationInterface {
  name = 'ListKeyset1796160000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_task_list_order" ON "task" ((COALESCE(open_deadline, 'infinity'::date)), (COALESCE(deadline, 'infinity'::date)), "code")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_task_list_order"');
  }
}
