import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NotificationKind, NotificationView, Page } from '@duban/contracts';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor';
import { notFound } from '../../common/app-error';
import { Clock } from '../../common/clock';
import { Notification } from './notification.entity';

export interface NotifyUnitsInput {
  unitIds: string[];
  kind: NotificationKind;
  taskId: string | null;
  assignmentId: string | null;
  title: string;
  body: string;
}

export type NotificationPage = Page<NotificationView> & { unreadCount: number };

/** In-app messages: the caller's inbox, immediate notices inside a workflow, and the in-app delivery of reminders. */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async list(
    actor: Actor,
    query: { unread?: boolean; page: number; pageSize: number },
  ): Promise<NotificationPage> {
    const repository = this.dataSource.getRepository(Notification);
    const qb = repository.createQueryBuilder('n').where('n.user_id = :userId', { userId: actor.userId });
    if (query.unread === true) qb.andWhere('n.read_at IS NULL');
    if (query.unread === false) qb.andWhere('n.read_at IS NOT NULL');
    const [rows, total] = await qb
      .orderBy('n.created_at', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    const unreadCount = await repository
      .createQueryBuilder('n')
      .where('n.user_id = :userId AND n.read_at IS NULL', { userId: actor.userId })
      .getCount();
    return { items: rows.map(toView), total, page: query.page, pageSize: query.pageSize, unreadCount };
  }

  /** Marks one of the caller's notifications read; someone else's id is reported as missing. */
  async markRead(actor: Actor, id: string): Promise<NotificationView> {
    const repository = this.dataSource.getRepository(Notification);
    const row = await repository.findOneBy({ id, userId: actor.userId });
    if (!row) throw notFound('通知');
    if (!row.readAt) {
      row.readAt = this.clock.now();
      await repository.update({ id, userId: actor.userId }, { readAt: row.readAt });
    }
    return toView(row);
  }

  async markAllRead(actor: Actor): Promise<{ updated: number }> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(Notification)
      .set({ readAt: this.clock.now() })
      .where('user_id = :userId AND read_at IS NULL', { userId: actor.userId })
      .execute();
    return { updated: result.affected ?? 0 };
  }

  /** Immediate notices to the active users of some units, written with the caller's transaction. */
  async notifyUnits(manager: EntityManager, input: NotifyUnitsInput): Promise<void> {
    if (!input.unitIds.length) return;
    await manager.query(
      `INSERT INTO notification (user_id, kind, task_id, assignment_id, title, body, created_at)
       SELECT u.id, $2, $3, $4, left($5, 300), $6, $7
         FROM app_user u
        WHERE u.unit_id = ANY($1::uuid[]) AND u.active`,
      [
        input.unitIds,
        input.kind,
        input.taskId,
        input.assignmentId,
        input.title,
        input.body,
        this.clock.now(),
      ],
    );
  }

  /**
   * The in-app delivery of a reminder ledger row. `reminder_id` is unique, so a retried or duplicated
   * job cannot notify twice. Returns whether this call created the notification.
   */
  async deliverReminder(reminderId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO notification (user_id, kind, task_id, assignment_id, title, body, reminder_id, created_at)
       SELECT r.recipient_id, r.kind, r.task_id, r.assignment_id, r.title, r.body, r.id, $2
         FROM reminder r
        WHERE r.id = $1
       ON CONFLICT (reminder_id) DO NOTHING
       RETURNING id`,
      [reminderId, this.clock.now()],
    );
    return rows.length > 0;
  }
}

function toView(row: Notification): NotificationView {
  return {
    id: row.id,
    kind: row.kind,
    taskId: row.taskId,
    assignmentId: row.assignmentId,
    title: row.title,
    body: row.body,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt ? row.readAt.toISOString() : null,
  };
}
