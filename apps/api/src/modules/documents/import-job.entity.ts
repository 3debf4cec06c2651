import type { Role } from '@duban/contracts';
import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../database/base.entity';

export type ImportJobState = 'waiting' | 'active' | 'completed' | 'failed';

/** A large upload parsed in the background. The row, not Redis, is the record: the worker re-queues waiting rows at boot. */
@Entity('import_job')
@Index('ix_import_job_state', ['state'])
export class ImportJob extends BaseEntity {
  @Column({ type: 'varchar', length: 20, default: 'waiting' })
  state!: ImportJobState;

  @Column({ type: 'int', default: 0 })
  progress!: number;

  @Column({ name: 'file_name', type: 'varchar', length: 255, nullable: true })
  fileName!: string | null;

  /** Extracted text waiting to be parsed; cleared once done. */
  @Column({ name: 'source_text', type: 'text', nullable: true })
  sourceText!: string | null;

  @Column({ name: 'document_ids', type: 'uuid', array: true, default: () => "'{}'" })
  documentIds!: string[];

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @Column({ name: 'created_by_name', type: 'varchar', length: 64 })
  createdByName!: string;

  /** The importer as they were when they imported: their roles and unit decide who owns the documents. */
  @Column({ name: 'created_by_roles', type: 'text', array: true, default: () => "'{}'" })
  createdByRoles!: Role[];

  @Column({ name: 'created_by_unit_id', type: 'uuid', nullable: true })
  createdByUnitId!: string | null;
}
