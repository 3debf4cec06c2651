import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommonModule } from '../../common/common.module';
import { DatabaseModule } from '../../database/database.module';
import { QueueModule } from '../../queue/queue.module';
import { AuditModule } from '../audit/audit.module';
import { CalendarModule } from '../calendar/calendar.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { SettingsModule } from '../settings/settings.module';
import { LedgerRetentionProcessor } from './ledger-retention.processor';
import { LedgerRetentionService } from './ledger-retention.service';
import { QueueBoardModule } from './queue-board';
import { ReminderArchive } from './reminder-archive.entity';
import { DELIVERY_CHANNELS, EmailChannel, InAppChannel, WebhookChannel } from './reminder-channels';
import { ReminderSweepRun } from './reminder-sweep-run.entity';
import { Reminder } from './reminder.entity';
import { RemindersController } from './reminders.controller';
import { RemindersProcessor } from './reminders.processor';
import { RemindersService } from './reminders.service';

/**
 * Reminder ledger, sweep, delivery and urge: the one road every outbound message takes, and the ledger
 * retention (audit months, reminder archive). Every role gets the service, the routes and the queue board;
 * workflow modules import this module to record messages in their transactions.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Reminder, ReminderArchive, ReminderSweepRun]),
    DatabaseModule,
    CommonModule,
    QueueModule,
    AuditModule,
    SettingsModule,
    CalendarModule,
    NotificationsModule,
    QueueBoardModule,
  ],
  controllers: [RemindersController],
  providers: [
    RemindersService,
    LedgerRetentionService,
    InAppChannel,
    EmailChannel,
    WebhookChannel,
    {
      provide: DELIVERY_CHANNELS,
      inject: [InAppChannel, EmailChannel, WebhookChannel],
      useFactory: (...channels: unknown[]) => channels,
    },
  ],
  exports: [RemindersService, LedgerRetentionService],
})
export class RemindersModule {}

/** Workers only: the sweep and delivery processor (it registers the sweep schedule at boot) and the daily retention. */
@Module({
  imports: [RemindersModule, QueueModule],
  providers: [RemindersProcessor, LedgerRetentionProcessor],
})
export class RemindersWorkerModule {}
