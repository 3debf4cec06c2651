import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ZodValidationPipe } from 'nestjs-zod';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { ConfigModule } from './config/config.module';
import type { AppConfig } from './config/env.schema';
import { createDataSource } from './data-source';
import { AttachmentsModule } from './modules/attachments/attachments.module';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { CalendarModule } from './modules/calendar/calendar.module';
import { DocumentsModule } from './modules/documents/documents.module';
import { HealthModule } from './modules/health/health.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { ReadModelModule } from './modules/read-model/read-model.module';
import { RemindersModule, RemindersWorkerModule } from './modules/reminders/reminders.module';
import { SettingsModule } from './modules/settings/settings.module';
import { TasksModule } from './modules/tasks/tasks.module';
import { UnitsModule } from './modules/units/units.module';
import { UsersModule } from './modules/users/users.module';

@Module({})
export class AppModule {
  /**
   * The module graph: config (the one global module), the DataSource (data-source.ts beside this file),
   * then the feature modules, each importing what it uses. One codebase, three roles: `api` serves HTTP, `worker` runs queue processors and schedulers, `all` both.
   */
  static forRoot(config: AppConfig): DynamicModule {
    const worker = config.role !== 'api';
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRootAsync({
          useFactory: () => ({}),
          dataSourceFactory: async () =>
            createDataSource(config.databaseUrl, {
              poolSize: config.database.poolSize,
              replicaUrls: config.database.replicaUrls,
              timeouts: {
                connectMs: config.database.connectTimeoutMs,
                statementMs: config.database.statementTimeoutMs,
                idleInTransactionMs: config.database.idleInTransactionTimeoutMs,
              },
            }).initialize(),
        }),
        HealthModule,
        AuditModule,
        SettingsModule,
        CalendarModule,
        UnitsModule,
        UsersModule,
        AuthModule,
        NotificationsModule,
        RemindersModule,
        ...(worker ? [RemindersWorkerModule] : []),
        DocumentsModule.register({ worker }),
        TasksModule,
        AttachmentsModule,
        ReadModelModule,
      ],
      providers: [
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
    };
  }
}
