import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The task list's order as one index (read-model/task-ledger.queries.ts LIST_KEY): open deadline, deadline,
 * code, NULLs as 'infinity'. A page, first or ten-thousandth, is a walk of this index from the cursor, and
 * a jurisdiction (scope_units) or filter is checked on the rows walked, not on the whole scope.
 * And the open tasks' deadlines with their jurisdiction, for the capped totals of the overdue lists.
 */
export class ListKeyset1796160000000 implements MigrationInterface {
  name = 'ListKeyset1796160000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_task_list_order" ON "task" ((COALESCE(open_deadline, 'infinity'::date)), (COALESCE(deadline, 'infinity'::date)), "code")`,
    );
    // Open tasks by open deadline, carrying their jurisdiction: an overdue or due-soon total (capped) is an
    // index-only scan checking scope_units on the index tuples, not a heap visit per task.
    await queryRunner.query(
      `CREATE INDEX "ix_task_open_scope" ON "task" ("open_deadline") INCLUDE ("scope_units")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_task_open_scope"');
    await queryRunner.query('DROP INDEX "public"."ix_task_list_order"');
  }
}
