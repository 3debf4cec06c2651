import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { DashboardController } from './dashboard.controller';

/** Read-only statistics and the ledger export, all SQL in dashboard.queries.ts and ledger-export.ts. */
@Module({ imports: [TasksModule], controllers: [DashboardController] })
export class DashboardModule {}
