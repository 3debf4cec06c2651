import { Column, Entity, Index } from 'typeorm';
import { BaseEntity, dateColumn } from '../../database/base.entity';

export type ExtensionStatus = 'pending' | 'approved' | 'rejected';

/** 延期申请. At most one pending request per assignment (partial unique index). */
@Entity('extension_request')
@Index('uq_extension_request_pending', ['assignmentId'], { unique: true, where: "status = 'pending'" })
export class ExtensionRequest extends BaseEntity {
  @Index('ix_extension_request_assignment')
  @Column({ name: 'assignment_id', type: 'uuid' })
  assignmentId!: string;

  @Column({ name: 'current_deadline', ...dateColumn })
  currentDeadline!: string | null;

  @Column({ name: 'requested_deadline', type: 'date' })
  requestedDeadline!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status!: ExtensionStatus;

  @Column({ name: 'decision_comment', type: 'text', nullable: true })
  decisionComment!: string | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;
}
