import { Cluster } from 'ioredis';
import { loadConfig } from '../config/env.schema';
import { closeRedisClusters, queuePrefix, redisConnection } from './redis-connection';

const base = { DATABASE_URL: 'postgres://localhost/duban' };

describe('Redis and PostgreSQL scale-out settings', () => {
  afterAll(() => closeRedisClusters());

  it('defaults to one Redis and no replicas', () => {
    const config = loadConfig(base);
    expect(redisConnection(config.redis)).toEqual({
      url: 'redis://127.0.0.1:6379',
      maxRetriesPerRequest: null,
    });
    expect(queuePrefix(config.redis)).toBe('duban');
    expect(config.database).toMatchObject({ poolSize: 10, replicaUrls: [] });
  });

  it('reads replicas and the pool size', () => {
    const config = loadConfig({
      ...base,
      DATABASE_REPLICA_URLS: 'postgres://r1/duban, postgres://r2/duban',
      DATABASE_POOL_SIZE: '4',
    });
    expect(config.database).toMatchObject({
      poolSize: 4,
      replicaUrls: ['postgres://r1/duban', 'postgres://r2/duban'],
    });
    expect(() => loadConfig({ ...base, DATABASE_REPLICA_URLS: 'replica-1' })).toThrow(
      /DATABASE_REPLICA_URLS/,
    );
  });

  it('connects through Sentinel with the password and database of REDIS_URL', () => {
    const config = loadConfig({
      ...base,
      REDIS_URL: 'redis://:s3cret@ignored:6379/2',
      REDIS_SENTINELS: 's1:26379, s2:26380',
      REDIS_SENTINEL_NAME: 'duban-master',
    });
    expect(redisConnection(config.redis)).toMatchObject({
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26380 },
      ],
      name: 'duban-master',
      password: 's3cret',
      sentinelPassword: 's3cret',
      db: 2,
      maxRetriesPerRequest: null,
    });
    expect(() => loadConfig({ ...base, REDIS_SENTINELS: 's1' })).toThrow(/host:port/);
  });

  it('hands BullMQ a Cluster and a hash-tagged prefix on a Cluster', () => {
    const config = loadConfig({ ...base, REDIS_CLUSTER_NODES: 'n1:7000,n2:7001', REDIS_PREFIX: 'prod' });
    expect(redisConnection(config.redis)).toBeInstanceOf(Cluster);
    expect(queuePrefix(config.redis)).toBe('{prod}');
    expect(() =>
      loadConfig({ ...base, REDIS_CLUSTER_NODES: 'n1:7000', REDIS_SENTINELS: 's1:26379' }),
    ).toThrow(/either REDIS_SENTINELS or REDIS_CLUSTER_NODES/);
  });
});
