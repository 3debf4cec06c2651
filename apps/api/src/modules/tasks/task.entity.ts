import type { ReportCycle, TaskStatus } from '@duban/contracts';
import { Column, Entity, Index } from 'typeorm';
import { BaseEntity, dateColumn } from '../../database/base.entity';

/** A column the database derives (triggers): the app neither selects nor writes it through the entity. */
export const derived = { select: false, insert: false, update: false } as const;

/** 督办事项: tracked work created from a published measure or by hand. */
@Entity('task')
// The task list's order (NULLs as 'infinity'), an expression index the migration ListKeyset creates.
@Index('ix_task_list_order', { synchronize: false })
// open_deadline INCLUDE scope_units (migration ListKeyset): overdue totals as index-only scans.
@Index('ix_task_open_scope', { synchronize: false })
// The text filter's character pairs (migration TaskSearch, GIN).
@Index('ix_task_search', { synchronize: false })
export class Task extends BaseEntity {
  /** Human-readable number printed on ledgers: DB-2023-00042. */
  @Index('uq_task_code', { unique: true })
  @Column({ type: 'varchar', length: 30 })
  code!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Index('ix_task_document')
  @Column({ name: 'document_id', type: 'uuid', nullable: true })
  documentId!: string | null;

  /** Unique so that publishing a document twice creates nothing new. */
  @Index('uq_task_measure', { unique: true })
  @Column({ name: 'measure_id', type: 'uuid', nullable: true })
  measureId!: string | null;

  @Column({ ...dateColumn })
  deadline!: string | null;

  @Column({ type: 'boolean', default: false })
  ongoing!: boolean;

  @Column({ name: 'report_cycle', type: 'varchar', length: 20, nullable: true })
  reportCycle!: ReportCycle | null;

  @Index('ix_task_status')
  @Column({ type: 'varchar', length: 20, default: 'in_progress' })
  status!: TaskStatus;

  /** The day the work was assigned: the start of 序时进度. */
  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  /** Published with its deadline already past and kept (交办时已逾期): it may still ask for an extension. */
  @Column({ name: 'late_from_start', type: 'boolean', default: false })
  lateFromStart!: boolean;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'int', default: 1 })
  version!: number;

  // Kept by the database's triggers (migration DeadlineSignals): never loaded or written by the app.
  /** Earliest deadline of an open assignment while the task is in progress: overdue when before today. */
  @Index('ix_task_open_deadline', { where: 'open_deadline IS NOT NULL' })
  @Column({ name: 'open_deadline', ...derived, type: 'date', nullable: true })
  openDeadline?: string | null;

  /** First day an open assignment trails 序时进度 by more than the threshold (yellow). */
  @Column({ name: 'behind_from', ...derived, type: 'date', nullable: true })
  behindFrom?: string | null;

  /** Latest deadline of the live or completed assignments, else the task's: on-time and trend. */
  @Column({ name: 'final_deadline', ...derived, type: 'date', nullable: true })
  finalDeadline?: string | null;

  @Column({ name: 'rollup_progress', ...derived, type: 'int', default: 0 })
  rollupProgress?: number;

  /** Its assignments as a list row sends them (AssignmentBrief, JSON text; migration AssignmentBriefs). */
  @Column({ name: 'assignment_briefs', ...derived, type: 'text', default: () => "'[]'" })
  assignmentBriefs?: string;

  /** Every unit whose jurisdiction covers the task (ancestors-or-self of its assigned units); GIN-indexed. */
  @Index('ix_task_scope_units', { synchronize: false })
  @Column({ name: 'scope_units', ...derived, type: 'uuid', array: true, default: () => "'{}'" })
  scopeUnits?: string[];
}
