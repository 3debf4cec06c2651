import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/env.schema';
import { QUEUE } from './queues';

/** BullMQ on the configured Redis, every key under REDIS_PREFIX (tests use a prefix per run). */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        connection: { url: config.redis.url, maxRetriesPerRequest: null },
        prefix: config.redis.prefix,
        defaultJobOptions: {
          attempts: 5,
          backoff: { type: 'exponential', delay: 2000 },
          removeOnComplete: { count: 1000 },
          removeOnFail: { count: 5000 },
        },
      }),
    }),
    BullModule.registerQueue({ name: QUEUE.reminders }, { name: QUEUE.imports }),
  ],
  exports: [BullModule],
})
export class QueueModule {}
