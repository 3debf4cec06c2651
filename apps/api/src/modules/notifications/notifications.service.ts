import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { MessagePayload, NotificationKind, NotificationPage, NotificationView } from '@duban/contracts';
import { IsNull, Repository } from 'typeorm';
import type { Actor } from '../../common/actor';
import { notFound } from '../../common/app-error';
import { Clock } from '../../common/clock';
import { Notification } from './notification.entity';

/** A message as the in-app channel hands it over: stored as is, once per ledger row. */
export interface InAppMessage {
  reminderId: string;
  userId: string;
  kind: NotificationKind;
  taskId: string | null;
  assignmentId: string | null;
  title: string;
  body: string;
  payload: MessagePayload | null;
}

/** The inbox (消息): the in-app copies of delivered messages, listed, counted and read by their owner. */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectRepository(Notification) private readonly repository: Repository<Notification>,
    private readonly clock: Clock,
  ) {}

  async list(
    actor: Actor,
    query: { unread?: boolean; page: number; pageSize: number },
  ): Promise<NotificationPage> {
    const qb = this.repository.createQueryBuilder('n').where('n.user_id = :userId', { userId: actor.userId });
    if (query.unread === true) qb.andWhere('n.read_at IS NULL');
    if (query.unread === false) qb.andWhere('n.read_at IS NOT NULL');
    const [rows, total] = await qb
      .orderBy('n.created_at', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    const unreadCount = await this.repository.countBy({ userId: actor.userId, readAt: IsNull() });
    return { items: rows.map(toView), total, page: query.page, pageSize: query.pageSize, unreadCount };
  }

  /** Marks one of the caller's notifications read; someone else's id is reported as missing. */
  async markRead(actor: Actor, id: string): Promise<NotificationView> {
    const row = await this.repository.findOneBy({ id, userId: actor.userId });
    if (!row) throw notFound('通知');
    if (!row.readAt) {
      row.readAt = this.clock.now();
      await this.repository.update({ id, userId: actor.userId }, { readAt: row.readAt });
    }
    return toView(row);
  }

  async markAllRead(actor: Actor): Promise<{ updated: number }> {
    const result = await this.repository.update(
      { userId: actor.userId, readAt: IsNull() },
      { readAt: this.clock.now() },
    );
    return { updated: result.affected ?? 0 };
  }

  /**
   * The in-app delivery of a ledger row. `reminder_id` is unique, so a retried or duplicated job
   * cannot notify twice. Returns whether this call stored it.
   */
  async store(message: InAppMessage): Promise<boolean> {
    const result = await this.repository
      .createQueryBuilder()
      .insert()
      .values({ ...message, createdAt: this.clock.now() })
      .orIgnore()
      .execute();
    return result.identifiers.some((identifier) => identifier?.id);
  }

  /** Whether the in-app copy of a ledger row exists. */
  stored(reminderId: string): Promise<boolean> {
    return this.repository.existsBy({ reminderId });
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
    payload: row.payload,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt ? row.readAt.toISOString() : null,
  };
}
