import type { ConnectionOptions } from 'bullmq';
import { Cluster } from 'ioredis';
import type { AppConfig } from '../config/env.schema';

type RedisConfig = AppConfig['redis'];

const clusters = new Set<Cluster>();

/**
 * BullMQ's connection for the configured Redis: one server (REDIS_URL), a Sentinel group
 * (REDIS_SENTINELS, failing over to whichever master the sentinels name) or a Cluster
 * (REDIS_CLUSTER_NODES). REDIS_URL's password, user, database and TLS apply to all three.
 * `maxRetriesPerRequest: null` because BullMQ workers hold blocking commands.
 */
export function redisConnection(config: RedisConfig): ConnectionOptions {
  const url = new URL(config.url);
  const auth = {
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    tls: url.protocol === 'rediss:' ? {} : undefined,
  };
  if (config.clusterNodes.length) {
    // BullMQ needs a Cluster instance (not options); closed with the app (closeRedisClusters).
    const cluster = new Cluster(config.clusterNodes, {
      lazyConnect: true,
      redisOptions: { ...auth, maxRetriesPerRequest: null },
    });
    clusters.add(cluster);
    return cluster;
  }
  if (config.sentinels.length) {
    return {
      ...auth,
      sentinels: config.sentinels,
      name: config.sentinelName,
      // Sentinels usually share the data nodes' password.
      sentinelPassword: auth.password,
      db: Number(url.pathname.slice(1) || 0),
      maxRetriesPerRequest: null,
    };
  }
  return { url: config.url, maxRetriesPerRequest: null };
}

/**
 * BullMQ's key prefix. On a Cluster every key of a queue must hash to one slot (its Lua scripts touch
 * several keys at once), so the prefix becomes a hash tag: `{duban}:reminders:…`.
 */
export function queuePrefix(config: RedisConfig): string {
  return config.clusterNodes.length ? `{${config.prefix}}` : config.prefix;
}

export async function closeRedisClusters(): Promise<void> {
  const open = [...clusters];
  clusters.clear();
  await Promise.all(open.map((cluster) => cluster.quit().catch(() => cluster.disconnect())));
}
