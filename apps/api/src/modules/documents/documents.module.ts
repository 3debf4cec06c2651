import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommonModule } from '../../common/common.module';
import { DatabaseModule } from '../../database/database.module';
import { QueueModule } from '../../queue/queue.module';
import { AuditModule } from '../audit/audit.module';
import { RemindersModule } from '../reminders/reminders.module';
import { TasksModule } from '../tasks/tasks.module';
import { UnitsModule } from '../units/units.module';
import { DocumentsController } from './documents.controller';
import { DocumentsProcessor } from './documents.processor';
import { DocumentsService } from './documents.service';
import { ImportJob } from './import-job.entity';
import { Measure } from './measure.entity';
import { PolicyDocument } from './policy-document.entity';
import { PublishService } from './publish.service';

@Module({})
export class DocumentsModule {
  static register(options: { worker: boolean }): DynamicModule {
    return {
      module: DocumentsModule,
      imports: [
        TypeOrmModule.forFeature([PolicyDocument, Measure, ImportJob]),
        DatabaseModule,
        CommonModule,
        QueueModule,
        AuditModule,
        UnitsModule,
        TasksModule,
        RemindersModule,
      ],
      controllers: [DocumentsController],
      providers: [DocumentsService, PublishService, ...(options.worker ? [DocumentsProcessor] : [])],
      exports: [DocumentsService, PublishService],
    };
  }
}
