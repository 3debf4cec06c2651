import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Append-only: a database trigger refuses UPDATE, DELETE and TRUNCATE. Partitioned by month of `at`
 * (Asia/Shanghai), so each month's indexes stay the size of a month and retention drops whole months
 * (see audit-partitions.ts); the primary key therefore includes `at`.
 * The audit trail's page walks ix_audit_entry_trail (its rows but the twins, in `at, id` order, with the
 * doer), a filter by actor ix_audit_entry_actor (also per person of a jurisdiction), by entity type
 * ix_audit_entry_type; an entity's history (and the filter by entity id) reads ix_audit_entry_entity.
 */
@Entity('audit_entry')
@Index('ix_audit_entry_entity', ['entityId', 'entityType', 'at'])
@Index('ix_audit_entry_type', ['entityType', 'at', 'id', 'twin'])
@Index('ix_audit_entry_actor', ['actorId', 'at', 'id', 'twin'])
@Index('ix_audit_entry_trail', ['at', 'id', 'actorId'], { where: 'NOT twin' })
export class AuditEntry {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @CreateDateColumn({ type: 'timestamptz', primary: true })
  at!: Date;

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

  /**
   * A child's row (a report's, an extension request's: AUDIT_CHILD_TWINS) written in one insert with its
   * assignment's row, which tells the same step: the trail lists the step once and shows this row only to
   * a reader who asks for the child's entity type or id. Set by AuditService.insertSql (on rows written before
   * it, by migration AuditTrailTwins).
   */
  @Column({ type: 'boolean', default: false })
  twin!: boolean;
}
