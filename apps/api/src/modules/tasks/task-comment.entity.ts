import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../database/base.entity';

/** A leader's instruction (批示) or a supervisor's note on a task. */
@Entity('task_comment')
export class TaskComment extends BaseEntity {
  @Index('ix_task_comment_task')
  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @Column({ type: 'varchar', length: 20 })
  kind!: 'instruction' | 'comment';

  @Column({ type: 'text' })
  content!: string;

  @Column({ name: 'author_id', type: 'uuid', nullable: true })
  authorId!: string | null;
}
