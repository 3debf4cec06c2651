import type { MessagePayload, NotificationKind, ReminderStatus } from '@duban/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The reminder ledger: one row per (assignment, rule, bucket, recipient, source). Inserts use
 * ON CONFLICT DO NOTHING, so a rule fires once per bucket however many sweeps run; the row id is
 * the delivery job id, so Redis holds nothing the ledger cannot rebuild.
 */
@Entity('reminder')
@Index('uq_reminder_key', ['assignmentId', 'rule', 'bucket', 'recipientId', 'sourceKey'], { unique: true })
// Rows still to deliver (recovery) or in trouble (the failed list); sent and digested rows stay out.
@Index('ix_reminder_unsent', ['status', 'createdAt'], { where: "status IN ('pending', 'failed')" })
// Digests have no assignment, and NULLs never collide in uq_reminder_key: one digest per recipient and day.
@Index('uq_reminder_digest', ['recipientId', 'bucket'], { unique: true, where: "rule = 'digest'" })
export class Reminder {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Null only for digests, which gather other rows. */
  @Column({ name: 'assignment_id', type: 'uuid', nullable: true })
  assignmentId!: string | null;

  @Column({ name: 'task_id', type: 'uuid', nullable: true })
  taskId!: string | null;

  /** due_soon_7, deadline_day, overdue, report_due, escalation, urge, digest … */
  @Column({ type: 'varchar', length: 30 })
  rule!: string;

  @Column({ type: 'varchar', length: 30 })
  kind!: NotificationKind;

  /** The period the rule fired for (a working day, a cycle's end date …). */
  @Column({ type: 'date' })
  bucket!: string;

  @Column({ name: 'recipient_id', type: 'uuid' })
  recipientId!: string;

  /** Distinguishes several manual urges on one day; '' for scheduled rules. */
  @Column({ name: 'source_key', type: 'varchar', length: 64, default: '' })
  sourceKey!: string;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Column({ type: 'text' })
  body!: string;

  /** Lines linking to tasks (a digest, a batch of new assignments). */
  @Column({ type: 'jsonb', nullable: true })
  payload!: MessagePayload | null;

  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status!: ReminderStatus;

  /** For rows folded into a daily digest: the digest's row. */
  @Column({ name: 'digest_id', type: 'uuid', nullable: true })
  digestId!: string | null;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'delivered_channels', type: 'text', array: true, default: () => "'{}'" })
  deliveredChannels!: string[];

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  /** Held by the delivery attempt in progress, so an overlapping attempt on the same row backs off. */
  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true })
  claimedUntil!: Date | null;
}
