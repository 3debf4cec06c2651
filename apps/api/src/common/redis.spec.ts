import type { AppConfig } from '../config/env.schema';
import { SharedRedis } from './redis';

const configFor = (url: string) => ({ redis: { url, prefix: 'duban_redis_spec' } }) as unknown as AppConfig;

// The shared Redis has no offline queue (a command while disconnected fails at once, so a request answers
// 503 instead of hanging): the app must not listen before the first connection is up.
describe('SharedRedis at start-up', () => {
  it('is connected when module initialisation ends, so the first command after start-up runs', async () => {
    const redis = new SharedRedis(configFor(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'));
    try {
      await redis.onModuleInit();
      expect(redis.client.status).toBe('ready');
      const key = redis.key('spec', String(process.pid));
      await redis.client.set(key, 'up', 'PX', 5000);
      expect(await redis.client.get(key)).toBe('up');
    } finally {
      await redis.onApplicationShutdown();
    }
  });

  it('does not hold start-up back when Redis is down: it gives up after the connect timeout', async () => {
    const redis = new SharedRedis(configFor('redis://127.0.0.1:1'));
    try {
      const started = Date.now();
      await redis.onModuleInit();
      expect(Date.now() - started).toBeLessThan(3000);
      expect(redis.client.status).not.toBe('ready');
      await expect(redis.client.get(redis.key('spec'))).rejects.toThrow();
    } finally {
      await redis.onApplicationShutdown();
    }
  });
});
