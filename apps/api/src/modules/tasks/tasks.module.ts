import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { ReadModelModule } from '../read-model/read-model.module';
import { AssignmentsController } from './assignments.controller';
import { AssignmentsService } from './assignments.service';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [AttachmentsModule, ReadModelModule],
  controllers: [TasksController, AssignmentsController],
  providers: [TasksService, AssignmentsService],
  exports: [TasksService],
})
export class TasksModule {}
