import type { UnitKind } from '@duban/contracts';
import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../database/base.entity';

/** A node of the organisation directory (市行政审批局, 各县（市、区）人民政府 …). */
@Entity('unit')
@Index('uq_unit_parent_name', ['parentId', 'name'], { unique: true })
export class Unit extends BaseEntity {
  @Index('ix_unit_name')
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  aliases!: string[];

  @Index('ix_unit_parent')
  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  /** Ids from the root down to this unit, '/'-joined, for subtree (jurisdiction) queries. */
  @Index('ix_unit_path')
  @Column({ type: 'text' })
  path!: string;

  @Column({ type: 'varchar', length: 20, default: 'department' })
  kind!: UnitKind;

  /** The place this unit belongs to ('保定市'), used to scope name resolution. */
  @Column({ type: 'varchar', length: 50, nullable: true })
  region!: string | null;

  /** For a group unit (各县（市、区）人民政府): the member unit ids it expands to. */
  @Column({ name: 'member_ids', type: 'uuid', array: true, default: () => "'{}'" })
  memberIds!: string[];

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'int', default: 1 })
  version!: number;
}
