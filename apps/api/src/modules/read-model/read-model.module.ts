import { Module } from '@nestjs/common';
import { CommonModule } from '../../common/common.module';
import { CalendarModule } from '../calendar/calendar.module';
import { SettingsModule } from '../settings/settings.module';
import { AuditController } from './audit.controller';
import { DashboardController } from './dashboard.controller';
import { DeadlineSignals } from './deadline-signals';
import { InboxController } from './inbox.controller';
import { TaskReads } from './task-reads.service';

/**
 * The read model: SQL that reads across modules' tables and writes nothing. Task signals (task-query.ts,
 * DeadlineSignals), the task list, detail and 我的任务 (TaskReads, which the tasks routes answer with),
 * statistics, the cockpit, the ledger (台账) export, the supervisor's 待办 inbox and the audit trail. It alone
 * (with seeding and migrations) injects the DataSource.
 */
@Module({
  imports: [CommonModule, CalendarModule, SettingsModule],
  controllers: [DashboardController, InboxController, AuditController],
  providers: [DeadlineSignals, TaskReads],
  exports: [DeadlineSignals, TaskReads],
})
export class ReadModelModule {}
