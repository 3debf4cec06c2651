import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../database/base.entity';

export type ReportStatus = 'submitted' | 'approved' | 'rejected';

/** 进展填报: a unit's progress report on its assignment. */
@Entity('progress_report')
// Reports waiting for review: the supervisor's 待办 counts them (few) out of many.
@Index('ix_progress_report_submitted', ['createdAt'], { where: "status = 'submitted'" })
export class ProgressReport extends BaseEntity {
  @Index('ix_progress_report_assignment')
  @Column({ name: 'assignment_id', type: 'uuid' })
  assignmentId!: string;

  @Column({ type: 'text' })
  content!: string;

  @Column({ type: 'int' })
  progress!: number;

  @Column({ type: 'varchar', length: 20, default: 'submitted' })
  status!: ReportStatus;

  @Column({ name: 'review_comment', type: 'text', nullable: true })
  reviewComment!: string | null;

  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true })
  reviewedBy!: string | null;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt!: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'int', default: 1 })
  version!: number;
}
