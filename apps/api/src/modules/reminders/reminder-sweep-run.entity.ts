import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One row per committed sweep: what it did, and the directory fingerprint it saw. A sweep whose
 * directory equals the last one only looks at (assignment, rule, bucket) keys the ledger lacks.
 */
@Entity('reminder_sweep_run')
export class ReminderSweepRun {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('ix_reminder_sweep_run_created')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** The instant swept "as of" (the clock; tests and catch-up sweeps differ from created_at). */
  @Column({ name: 'swept_at', type: 'timestamptz' })
  sweptAt!: Date;

  /** md5 of who receives what (DIRECTORY_FINGERPRINT_SQL). */
  @Column({ type: 'varchar', length: 32 })
  directory!: string;

  @Column({ type: 'int' })
  considered!: number;

  @Column({ type: 'int' })
  created!: number;

  /** False when the directory had changed and every key was checked recipient by recipient. */
  @Column({ name: 'only_new_keys', type: 'boolean' })
  onlyNewKeys!: boolean;

  /**
   * The (deadline, rule, bucket) and (cycle, period, bucket) entries this sweep evaluated for every open
   * assignment (SweepPlan keys). The next sweep evaluates only entries not in here, plus every entry for
   * the assignments in reminder_dirty. NULL: unknown (before this column), so the next sweep is full.
   */
  @Column({ type: 'text', array: true, nullable: true })
  plan!: string[] | null;
}
