import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** An admin's override of the packaged holiday calendar for one date. */
@Entity('calendar_day')
export class CalendarDay {
  @PrimaryColumn({ type: 'date' })
  date!: string;

  @Column({ name: 'is_working_day', type: 'boolean' })
  isWorkingDay!: boolean;

  @Column({ type: 'varchar', length: 100, nullable: true })
  note!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
