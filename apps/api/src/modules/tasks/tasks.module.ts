import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommonModule } from '../../common/common.module';
import { DatabaseModule } from '../../database/database.module';
import { AttachmentsModule } from '../attachments/attachments.module';
import { AuditModule } from '../audit/audit.module';
import { ReadModelModule } from '../read-model/read-model.module';
import { RemindersModule } from '../reminders/reminders.module';
import { SettingsModule } from '../settings/settings.module';
import { UnitsModule } from '../units/units.module';
import { Assignment } from './assignment.entity';
import { AssignmentsController } from './assignments.controller';
import { AssignmentsService } from './assignments.service';
import { ExtensionRequest } from './extension-request.entity';
import { ProgressReport } from './progress-report.entity';
import { TaskComment } from './task-comment.entity';
import { Task } from './task.entity';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Task, Assignment, ProgressReport, ExtensionRequest, TaskComment]),
    DatabaseModule,
    CommonModule,
    AuditModule,
    SettingsModule,
    RemindersModule,
    AttachmentsModule,
    UnitsModule,
    ReadModelModule,
  ],
  controllers: [TasksController, AssignmentsController],
  providers: [TasksService, AssignmentsService],
  exports: [TasksService, AssignmentsService],
})
export class TasksModule {}
