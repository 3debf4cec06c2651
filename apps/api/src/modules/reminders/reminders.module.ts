import { DynamicModule, Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { QueueBoardModule } from './queue-board';
import { DELIVERY_CHANNELS, EmailChannel, InAppChannel, WebhookChannel } from './reminder-channels';
import { RemindersController } from './reminders.controller';
import { RemindersProcessor } from './reminders.processor';
import { RemindersService } from './reminders.service';

/**
 * Reminder ledger, sweep, delivery and urge: the one road every outbound message takes. Every role gets
 * the service, the routes and the queue board; only workers get the processor, which registers the
 * sweep schedule at boot. Global so workflow services can record messages without importing this
 * dynamic module.
 */
@Module({})
export class RemindersModule {
  static register(options: { worker: boolean }): DynamicModule {
    return {
      module: RemindersModule,
      global: true,
      imports: [CalendarModule, NotificationsModule, QueueBoardModule],
      controllers: [RemindersController],
      providers: [
        RemindersService,
        InAppChannel,
        EmailChannel,
        WebhookChannel,
        {
          provide: DELIVERY_CHANNELS,
          inject: [InAppChannel, EmailChannel, WebhookChannel],
          useFactory: (...channels: unknown[]) => channels,
        },
        ...(options.worker ? [RemindersProcessor] : []),
      ],
      exports: [RemindersService],
    };
  }
}
