import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import IORedis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/env.schema';

const CONNECT_TIMEOUT_MS = 2000;

/**
 * Redis for small shared state (login throttling, refresh-token rotation). It never queues a command
 * while disconnected: a call fails at once and the request gets a 503 instead of hanging.
 */
@Injectable()
export class SharedRedis implements OnModuleInit, OnApplicationShutdown {
  readonly client: IORedis;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.client = new IORedis(config.redis.url, {
      lazyConnect: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: CONNECT_TIMEOUT_MS,
      commandTimeout: 2000,
      // On disconnect ioredis waits up to this long for the socket's 'close'; a socket Redis already closed
      // (an outage) never sends one, and the 2 s default timer then held a shutting-down process.
      disconnectTimeout: 100,
    });
    // Reconnection is automatic; an 'error' listener keeps a Redis outage from crashing the process.
    this.client.on('error', () => undefined);
  }

  /**
   * Waits for the first connection, at most its connect timeout: without an offline queue, a login in the
   * first milliseconds after the app listens would find the socket still connecting and answer 503. A Redis
   * that is down at start-up does not hold the app back (its requests answer 503 until Redis returns).
   */
  async onModuleInit(): Promise<void> {
    if (this.client.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.client.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, CONNECT_TIMEOUT_MS);
      this.client.once('ready', done);
    });
  }

  /** Every key under the deployment's prefix, like BullMQ's. */
  key(...parts: string[]): string {
    return [this.config.redis.prefix, ...parts].join(':');
  }

  async onApplicationShutdown(): Promise<void> {
    this.client.disconnect();
  }
}
