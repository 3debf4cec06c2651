import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Ledger rows moved out of `reminder` by the retention job once they can never fire again (see
 * reminder-retention.ts): the hot ledger, and its unique key, stay the size of current work. The
 * key columns stay queryable; `row` holds the whole ledger row as it was.
 */
@Entity('reminder_archive')
@Index('ix_reminder_archive_assignment', ['assignmentId'])
export class ReminderArchive {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'assignment_id', type: 'uuid', nullable: true })
  assignmentId!: string | null;

  @Column({ type: 'varchar', length: 30 })
  rule!: string;

  @Column({ type: 'date' })
  bucket!: string;

  @Column({ name: 'recipient_id', type: 'uuid' })
  recipientId!: string;

  @Index('ix_reminder_archive_created')
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'archived_at', type: 'timestamptz', default: () => 'now()' })
  archivedAt!: Date;

  @Column({ type: 'jsonb' })
  row!: Record<string, unknown>;
}
