import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { DashboardController } from './dashboard.controller';
import { DeadlineSignals } from './deadline-signals';
import { InboxController } from './inbox.controller';
import { TaskReads } from './task-reads.service';

/**
 * The read model: SQL that reads across modules' tables and writes nothing. Task signals (task-query.ts,
 * DeadlineSignals), the task list, detail and 我的任务 (TaskReads, which the tasks routes answer with),
 * statistics, the cockpit, the ledger (台账) export and the supervisor's 待办 inbox.
 */
@Module({
  imports: [CalendarModule],
  controllers: [DashboardController, InboxController],
  providers: [DeadlineSignals, TaskReads],
  exports: [DeadlineSignals, TaskReads],
})
export class ReadModelModule {}
