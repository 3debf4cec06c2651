import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/env.schema';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsService } from './attachments.service';
import { FILE_STORAGE, LocalDiskStorage } from './storage';

@Module({
  controllers: [AttachmentsController],
  providers: [
    AttachmentsService,
    {
      provide: FILE_STORAGE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new LocalDiskStorage(config.uploads.dir),
    },
  ],
  exports: [AttachmentsService],
})
export class AttachmentsModule {}
