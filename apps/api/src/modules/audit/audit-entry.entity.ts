import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Append-only: a database trigger refuses UPDATE, DELETE and TRUNCATE. Partitioned by month of `at`
 * (Asia/Shanghai), so each month's indexes stay the size of a month and retention drops whole months
 * (see audit-partitions.ts); the primary key therefore includes `at`.
 */
@Entity('audit_entry')
@Index('ix_audit_entry_entity', ['entityType', 'entityId', 'at'])
export class AuditEntry {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('ix_audit_entry_at')
  @CreateDateColumn({ type: 'timestamptz', primary: true })
  at!: Date;

  @Index('ix_audit_entry_actor')
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ name: 'actor_name', type: 'varchar', length: 64, nullable: true })
  actorName!: string | null;

  @Column({ type: 'varchar', length: 60 })
  action!: string;

  @Column({ name: 'entity_type', type: 'varchar', length: 40 })
  entityType!: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 64 })
  entityId!: string;

  @Column({ type: 'jsonb', nullable: true })
  before!: object | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: object | null;
}
