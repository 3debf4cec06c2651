import { BullModule } from '@nestjs/bullmq';
import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/env.schema';
import { QUEUE } from './queues';
import { closeRedisClusters, queuePrefix, redisConnection } from './redis-connection';

/**
 * BullMQ on the configured Redis (one server, Sentinel or Cluster), every key under REDIS_PREFIX (tests use a
 * prefix per run). Imported by each module that injects a queue.
 */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        connection: redisConnection(config.redis),
        prefix: queuePrefix(config.redis),
        defaultJobOptions: {
          attempts: 5,
          backoff: { type: 'exponential', delay: 2000 },
          removeOnComplete: { count: 1000 },
          removeOnFail: { count: 5000 },
        },
      }),
    }),
    BullModule.registerQueue({ name: QUEUE.reminders }, { name: QUEUE.imports }, { name: QUEUE.maintenance }),
  ],
  exports: [BullModule],
})
export class QueueModule implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await closeRedisClusters();
  }
}
