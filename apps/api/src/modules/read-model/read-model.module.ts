import { Module } from '@nestjs/common';
import { CommonModule } from '../../common/common.module';
import { TasksModule } from '../tasks/tasks.module';
import { AuditController } from './audit.controller';
import { DashboardController } from './dashboard.controller';
import { InboxController } from './inbox.controller';

/**
 * The read model: SQL that reads across modules' tables and writes nothing. Task signals (task-query.ts),
 * statistics, the cockpit, the ledger (台账) export, the supervisor's 待办 inbox and the audit trail. It alone (with
 * seeding and migrations) injects the DataSource.
 */
@Module({
  imports: [CommonModule, TasksModule],
  controllers: [DashboardController, InboxController, AuditController],
})
export class ReadModelModule {}
