import type { ReportCycle, TaskStatus } from '@duban/contracts';
import { Column, Entity, Index } from 'typeorm';
import { BaseEntity, dateColumn } from '../../database/base.entity';

/** 督办事项: tracked work created from a published measure or by hand. */
@Entity('task')
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
}
