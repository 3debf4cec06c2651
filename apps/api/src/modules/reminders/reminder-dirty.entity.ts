import { Entity, PrimaryColumn } from 'typeorm';

/**
 * Assignments whose reminders may differ from what the last sweep saw: they became open work, or their
 * deadline, unit or status changed, or their task's report cycle did. Triggers fill it in the writer's
 * transaction; the sweep empties it in its own (see reminder-sweep.ts).
 */
@Entity('reminder_dirty')
export class ReminderDirty {
  @PrimaryColumn({ name: 'assignment_id', type: 'uuid' })
  assignmentId!: string;
}
