import { DynamicModule, Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { UnitsModule } from '../units/units.module';
import { DocumentsController } from './documents.controller';
import { DocumentsProcessor } from './documents.processor';
import { DocumentsService } from './documents.service';
import { PublishService } from './publish.service';

@Module({})
export class DocumentsModule {
  static register(options: { worker: boolean }): DynamicModule {
    return {
      module: DocumentsModule,
      imports: [UnitsModule, TasksModule],
      controllers: [DocumentsController],
      providers: [DocumentsService, PublishService, ...(options.worker ? [DocumentsProcessor] : [])],
      exports: [DocumentsService, PublishService],
    };
  }
}
