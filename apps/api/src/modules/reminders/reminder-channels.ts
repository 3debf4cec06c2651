// Delivery channels behind one interface. The in-app channel always applies; email needs SMTP_URL and
// an address; the webhook (SMS gateway, 政务钉钉 / 企业微信 bridge) needs WEBHOOK_URL.
import { createHmac } from 'node:crypto';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { MessagePayload, NotificationKind } from '@duban/contracts';
import nodemailer, { type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../../config/env.schema';
import { NotificationsService } from '../notifications/notifications.service';

export interface ReminderMessage {
  id: string;
  rule: string;
  kind: NotificationKind;
  bucket: string;
  taskId: string | null;
  assignmentId: string | null;
  title: string;
  body: string;
  payload: MessagePayload | null;
  createdAt: string;
  recipient: {
    id: string;
    username: string;
    displayName: string;
    email: string | null;
    phone: string | null;
  };
}

export interface DeliveryChannel {
  /** Recorded in `reminder.delivered_channels` once the channel has delivered. */
  readonly name: string;
  appliesTo(message: ReminderMessage): boolean;
  /** Throws when delivery failed; the job is retried and only unfinished channels run again. */
  send(message: ReminderMessage): Promise<void>;
  /**
   * For a channel that can tell: whether `send` already went through (a worker died between sending
   * and recording it), so an abandoned row is not called failed for a channel that delivered.
   */
  delivered?(message: ReminderMessage): Promise<boolean>;
}

export const DELIVERY_CHANNELS = Symbol('DELIVERY_CHANNELS');

@Injectable()
export class InAppChannel implements DeliveryChannel {
  readonly name = 'in_app';
  constructor(private readonly notifications: NotificationsService) {}

  appliesTo(): boolean {
    return true;
  }

  /** Stores the message it is handed; idempotent by ledger id. */
  async send(message: ReminderMessage): Promise<void> {
    await this.notifications.store({
      reminderId: message.id,
      userId: message.recipient.id,
      kind: message.kind,
      taskId: message.taskId,
      assignmentId: message.assignmentId,
      title: message.title,
      body: message.body,
      payload: message.payload,
    });
  }

  delivered(message: ReminderMessage): Promise<boolean> {
    return this.notifications.stored(message.id);
  }
}

@Injectable()
export class EmailChannel implements DeliveryChannel, OnModuleDestroy {
  readonly name = 'email';
  private transport: Transporter | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  appliesTo(message: ReminderMessage): boolean {
    return this.config.smtp.url !== null && !!message.recipient.email;
  }

  async send(message: ReminderMessage): Promise<void> {
    // Bounded, so a delivery attempt ends well within its claim on the ledger row.
    this.transport ??= nodemailer.createTransport({
      url: this.config.smtp.url!,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    await this.transport.sendMail({
      from: this.config.smtp.from,
      to: message.recipient.email!,
      subject: `【督办】${message.title}`,
      text: `${message.recipient.displayName}：\n\n${message.body}\n\n（本邮件由督办系统自动发送，请勿回复）`,
      headers: { 'X-Duban-Reminder': message.id, [IDEMPOTENCY_HEADER]: message.id },
    });
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}

/**
 * Every webhook and mail carries the ledger id as its idempotency key: a worker that dies after sending
 * and before recording it sends again on the retry, and the receiver drops the copy by this key.
 */
const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** Signature header: `sha256=<hex HMAC-SHA256 of the raw body with WEBHOOK_SECRET>`. */
const WEBHOOK_SIGNATURE_HEADER = 'x-duban-signature';

export function signWebhook(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

@Injectable()
export class WebhookChannel implements DeliveryChannel {
  readonly name = 'webhook';

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  appliesTo(): boolean {
    return this.config.webhook.url !== null;
  }

  async send(message: ReminderMessage): Promise<void> {
    const body = JSON.stringify({ event: `reminder.${message.kind}`, ...message });
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'x-duban-event': `reminder.${message.kind}`,
      [IDEMPOTENCY_HEADER]: message.id,
      // The same id under its earlier name, for receivers written against it.
      'x-duban-delivery': message.id,
    };
    if (this.config.webhook.secret)
      headers[WEBHOOK_SIGNATURE_HEADER] = signWebhook(this.config.webhook.secret, body);
    const response = await fetch(this.config.webhook.url!, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`webhook answered ${response.status}`);
  }
}
