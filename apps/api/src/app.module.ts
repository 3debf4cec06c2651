import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ZodValidationPipe } from 'nestjs-zod';
import { AccountCache } from './common/account-cache';
import { AuthGuard } from './common/auth.guard';
import { Clock } from './common/clock';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { SharedRedis } from './common/redis';
import { APP_CONFIG, type AppConfig } from './config/env.schema';
import { createDataSource } from './data-source';
import { AttachmentsModule } from './modules/attachments/attachments.module';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { ReadModelModule } from './modules/read-model/read-model.module';
import { DocumentsModule } from './modules/documents/documents.module';
import { HealthModule } from './modules/health/health.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { RemindersModule } from './modules/reminders/reminders.module';
import { SettingsModule } from './modules/settings/settings.module';
import { TasksModule } from './modules/tasks/tasks.module';
import { UnitsModule } from './modules/units/units.module';
import { UsersModule } from './modules/users/users.module';
import { QueueModule } from './queue/queue.module';

@Module({})
export class AppModule {
  /** One codebase, three roles: `api` serves HTTP, `worker` runs queue processors and schedulers, `all` both. */
  static forRoot(config: AppConfig): DynamicModule {
    const worker = config.role !== 'api';
    return {
      module: AppModule,
      global: true,
      imports: [
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
        JwtModule.register({ global: true, secret: config.jwt.secret }),
        QueueModule,
        AuditModule.register({ worker }),
        SettingsModule,
        HealthModule,
        UnitsModule,
        UsersModule,
        AuthModule,
        NotificationsModule,
        RemindersModule.register({ worker }),
        DocumentsModule.register({ worker }),
        TasksModule,
        AttachmentsModule,
        ReadModelModule,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        Clock,
        SharedRedis,
        AccountCache,
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
      exports: [APP_CONFIG, Clock, SharedRedis, AccountCache],
    };
  }
}
