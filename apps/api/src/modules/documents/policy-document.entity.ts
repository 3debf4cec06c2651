import type { DocumentStatus } from '@duban/contracts';
import { Column, Entity, Index } from 'typeorm';
import { BaseEntity, dateColumn } from '../../database/base.entity';

@Entity('policy_document')
export class PolicyDocument extends BaseEntity {
  @Column({ type: 'varchar', length: 500 })
  title!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  issuer!: string | null;

  @Index('ix_policy_document_doc_number')
  @Column({ name: 'doc_number', type: 'varchar', length: 100, nullable: true })
  docNumber!: string | null;

  @Column({ name: 'issued_on', ...dateColumn })
  issuedOn!: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  region!: string | null;

  @Index('ix_policy_document_status')
  @Column({ type: 'varchar', length: 20, default: 'draft' })
  status!: DocumentStatus;

  /** The document's own text; measure spans are offsets into it. */
  @Column({ name: 'source_text', type: 'text' })
  sourceText!: string;

  @Column({ name: 'file_name', type: 'varchar', length: 255, nullable: true })
  fileName!: string | null;

  /** sha256 of the text without whitespace: the same notice imported twice has the same fingerprint. */
  @Index('ix_policy_document_text_hash')
  @Column({ name: 'text_hash', type: 'varchar', length: 64, nullable: true })
  textHash!: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  warnings!: string[];

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  /**
   * Whose document it is: the importing supervisor's unit, or for an importer without a unit the
   * government of the document's region. Oversight users see documents owned inside their jurisdiction.
   */
  @Index('ix_policy_document_owner')
  @Column({ name: 'owner_unit_id', type: 'uuid', nullable: true })
  ownerUnitId!: string | null;

  @Column({ type: 'int', default: 1 })
  version!: number;
}
