import { mkdirSync } from 'node:fs';
import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { diskStorage } from 'multer';
import { CommonModule } from '../../common/common.module';
import { APP_CONFIG, type AppConfig } from '../../config/env.schema';
import { DatabaseModule } from '../../database/database.module';
import { AuditModule } from '../audit/audit.module';
import { Attachment } from './attachment.entity';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsService } from './attachments.service';
import { FILE_STORAGE, LocalDiskStorage } from './storage';

@Module({
  imports: [
    TypeOrmModule.forFeature([Attachment]),
    DatabaseModule,
    CommonModule,
    AuditModule,
    // Uploads stream to a temporary file beside the store: a 20 MB photo never sits in memory.
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const incoming = new LocalDiskStorage(config.uploads.dir).incomingDir;
        mkdirSync(incoming, { recursive: true });
        return { storage: diskStorage({ destination: incoming }) };
      },
    }),
  ],
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
