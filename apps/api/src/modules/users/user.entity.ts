import type { Role } from '@duban/contracts';
import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../database/base.entity';

@Entity('app_user')
// The active supervisors: a submission's ledger insert finds the nearest jurisdiction's among thousands of users.
@Index('ix_app_user_supervisor', ['unitId'], { where: "active AND 'supervisor' = ANY(roles)" })
export class User extends BaseEntity {
  @Index('uq_app_user_username', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 64 })
  displayName!: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  @Index('ix_app_user_unit')
  @Column({ name: 'unit_id', type: 'uuid', nullable: true })
  unitId!: string | null;

  @Column({ type: 'text', array: true })
  roles!: Role[];

  /** The unit's head (负责人): receives 督办 escalations. */
  @Column({ name: 'is_unit_head', type: 'boolean', default: false })
  isUnitHead!: boolean;

  @Column({ type: 'varchar', length: 200, nullable: true })
  email!: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  phone!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'int', default: 1 })
  version!: number;

  /** Tokens name the version they were issued under; bumping it signs the user out everywhere. */
  @Column({ name: 'token_version', type: 'int', default: 1 })
  tokenVersion!: number;
}
