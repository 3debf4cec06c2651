import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Small keyed settings edited at run time (reminder rules). */
@Entity('app_setting')
export class AppSetting {
  @PrimaryColumn({ type: 'varchar', length: 60 })
  key!: string;

  @Column({ type: 'jsonb' })
  value!: unknown;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
