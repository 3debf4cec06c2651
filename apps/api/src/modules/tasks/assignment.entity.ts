import type { AssignmentRole, AssignmentStatus } from '@duban/contracts';
import { Column, Entity, Index } from 'typeorm';
import { BaseEntity, dateColumn } from '../../database/base.entity';
import { derived } from './task.entity';

/** One unit's share of a task, with its own deadline and state. */
@Entity('assignment')
@Index('uq_assignment_task_unit', ['taskId', 'unitId'], { unique: true })
@Index('ix_assignment_open_deadline', ['status', 'deadline'])
@Index('ix_assignment_live_deadline', ['unitId', 'liveDeadline'], { where: 'live_deadline IS NOT NULL' })
// The reminder sweep's change set: open work with a given deadline (an equality or range probe).
@Index('ix_assignment_live_deadline_sweep', ['liveDeadline'], { where: 'live_deadline IS NOT NULL' })
// 待办's completion requests, oldest first.
@Index('ix_assignment_completion_requested', ['updatedAt', 'id'], {
  where: "status = 'completion_requested'",
})
export class Assignment extends BaseEntity {
  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @Index('ix_assignment_unit')
  @Column({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @Column({ type: 'varchar', length: 20 })
  role!: AssignmentRole;

  @Column({ type: 'varchar', length: 30, default: 'pending' })
  status!: AssignmentStatus;

  @Column({ ...dateColumn })
  deadline!: string | null;

  @Column({ type: 'int', default: 0 })
  progress!: number;

  @Column({ name: 'extension_count', type: 'int', default: 0 })
  extensionCount!: number;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt!: Date | null;

  @Column({ name: 'return_reason', type: 'text', nullable: true })
  returnReason!: string | null;

  @Column({ name: 'completion_summary', type: 'text', nullable: true })
  completionSummary!: string | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'last_report_at', type: 'timestamptz', nullable: true })
  lastReportAt!: Date | null;

  @Column({ type: 'int', default: 1 })
  version!: number;

  /** Its deadline while open and the task in progress, else null (a trigger keeps it): overdue when before today. */
  @Column({ name: 'live_deadline', ...derived, type: 'date', nullable: true })
  liveDeadline?: string | null;

  /** While live, the first day it trails 序时进度 beyond the threshold (a trigger keeps it; the cockpit's counter). */
  @Column({ name: 'behind_from', ...derived, type: 'date', nullable: true })
  behindFrom?: string | null;
}
