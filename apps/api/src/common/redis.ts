import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import IORedis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/env.schema';

/**
 * Redis for small shared state (login throttling, refresh-token rotation). It never queues a command
 * while disconnected: a call fails at once and the request gets a 503 instead of hanging.
 */
@Injectable()
export class SharedRedis implements OnApplicationShutdown {
  readonly client: IORedis;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.client = new IORedis(config.redis.url, {
      lazyConnect: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      commandTimeout: 2000,
    });
    // Reconnection is automatic; an 'error' listener keeps a Redis outage from crashing the process.
    this.client.on('error', () => undefined);
  }

  /** Every key under the deployment's prefix, like BullMQ's. */
  key(...parts: string[]): string {
    return [this.config.redis.prefix, ...parts].join(':');
  }

  async onApplicationShutdown(): Promise<void> {
    this.client.disconnect();
  }
}
