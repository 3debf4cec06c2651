import type { MeasureSpans } from '@duban/contracts';
import { Column, Entity, Index } from 'typeorm';
import { BaseEntity, dateColumn } from '../../database/base.entity';

/** One numbered item extracted from a document; a draft until published as a task. */
@Entity('measure')
@Index('uq_measure_document_seq', ['documentId', 'seq'], { unique: true })
export class Measure extends BaseEntity {
  @Column({ name: 'document_id', type: 'uuid' })
  documentId!: string;

  /** Position in the document, from 1. */
  @Column({ type: 'int' })
  seq!: number;

  @Column({ type: 'varchar', length: 20 })
  number!: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  path!: string[];

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'lead_units', type: 'text', array: true, default: () => "'{}'" })
  leadUnits!: string[];

  @Column({ name: 'responsible_units', type: 'text', array: true, default: () => "'{}'" })
  responsibleUnits!: string[];

  @Column({ name: 'deadline_text', type: 'varchar', length: 200, nullable: true })
  deadlineText!: string | null;

  @Column({ ...dateColumn })
  deadline!: string | null;

  @Column({ type: 'boolean', default: false })
  ongoing!: boolean;

  @Column({ type: 'jsonb', nullable: true })
  spans!: MeasureSpans | null;

  /** Machine codes (or, from older imports, sentences) for what a reviewer should check. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  warnings!: string[];

  /** The parser's confidence in this measure, 0–1; null for one added by hand or imported before it existed. */
  @Column({ type: 'real', nullable: true })
  confidence!: number | null;

  /** A supervisor's picks for names the directory could not resolve: name → unit ids. */
  @Column({ name: 'unit_choices', type: 'jsonb', default: () => "'{}'" })
  unitChoices!: Record<string, string[]>;

  @Column({ type: 'int', default: 1 })
  version!: number;
}
