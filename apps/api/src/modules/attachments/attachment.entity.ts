import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../database/base.entity';

/** Evidence uploaded by a unit; bound to a progress report when the report is submitted. */
@Entity('attachment')
export class Attachment extends BaseEntity {
  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName!: string;

  @Column({ name: 'content_type', type: 'varchar', length: 100 })
  contentType!: string;

  @Column({ type: 'int' })
  size!: number;

  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ name: 'storage_key', type: 'varchar', length: 300 })
  storageKey!: string;

  @Index('ix_attachment_report')
  @Column({ name: 'report_id', type: 'uuid', nullable: true })
  reportId!: string | null;

  /** The uploader's unit; once bound, the unit of the report's assignment (whose evidence it is). */
  @Column({ name: 'unit_id', type: 'uuid', nullable: true })
  unitId!: string | null;

  @Column({ name: 'uploaded_by', type: 'uuid', nullable: true })
  uploadedBy!: string | null;
}
