import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import IORedis from 'ioredis';
import { Client } from 'pg';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { Clock } from '../../src/common/clock';
import { loadConfig, type AppConfig } from '../../src/config/env.schema';
import { createDatabase, dropDatabase } from '../../src/database/scratch-database';
import { seedFixture, type Fixture } from './fixture';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  dataSource: DataSource;
  clock: Clock;
  fixture: Fixture;
  http: () => TestAgent;
  /** A bearer header for a fixture user (password is FIXTURE_PASSWORD). */
  login: (username: string) => Promise<{ Authorization: string }>;
  close: () => Promise<void>;
}

export interface TestAppOptions {
  role?: AppConfig['role'];
  /** Pin the clock; tests move it with `clock.set`. */
  now?: Date;
  env?: Record<string, string>;
  /** An already migrated database to use instead of a clone (e.g. on a private cluster); kept at close. */
  databaseUrl?: string;
}

/** A real app on its own cloned database and Redis prefix, with the fixture directory and users loaded. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.databaseUrl
    ? { url: options.databaseUrl, drop: async () => undefined }
    : await cloneDatabase();
  const config = testConfig(database.url, options);
  const app = await createApp(config);
  await app.init();
  const clock = app.get(Clock);
  if (options.now) clock.set(options.now);
  const dataSource = app.get(DataSource);
  const fixture = await seedFixture(dataSource);
  const tokens = new Map<string, string>();
  return {
    app,
    config,
    dataSource,
    clock,
    fixture,
    http: () => request(app.getHttpServer()),
    login: async (username) => {
      if (!tokens.has(username)) {
        const response = await request(app.getHttpServer())
          .post('/api/v1/auth/login')
          .send({ username, password: fixture.password });
        if (response.status !== 200) throw new Error(`login ${username} failed: ${response.status}`);
        tokens.set(username, response.body.accessToken);
      }
      return { Authorization: `Bearer ${tokens.get(username)}` };
    },
    close: async () => {
      await app.close();
      await flushPrefix(config.redis.url, config.redis.prefix);
      await database.drop();
    },
  };
}

export function testConfig(databaseUrl: string, options: TestAppOptions = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    APP_ROLE: options.role ?? 'api',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `${process.env.DUBAN_TEST_RUN ?? 'duban_test'}_${randomBytes(4).toString('hex')}`,
    JWT_SECRET: 'test-secret-test-secret',
    LOG_LEVEL: 'silent',
    UPLOAD_DIR: `/tmp/duban-test-uploads/${randomBytes(4).toString('hex')}`,
    ...options.env,
  });
}

export async function cloneDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.DUBAN_TEST_ADMIN_URL;
  const template = process.env.DUBAN_TEST_TEMPLATE;
  if (!adminUrl || !template)
    throw new Error('integration tests need the Jest global set-up (apps/api/jest.config.cjs)');
  const name = `${process.env.DUBAN_TEST_RUN}_${randomBytes(4).toString('hex')}`;
  // CREATE DATABASE … TEMPLATE fails while another session is connected to the template; retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      const url = await createDatabase(adminUrl, name, template);
      return { url, drop: () => dropDatabase(adminUrl, name) };
    } catch (error) {
      if (attempt > 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export async function flushPrefix(url: string, prefix: string): Promise<void> {
  const redis = new IORedis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** A pg client on a database cloned for the enclosing describe block (dropped after it). */
export function clonedClient(): () => Client {
  let client: Client;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const database = await cloneDatabase();
    drop = database.drop;
    client = new Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await drop();
  });
  return () => client;
}

/** `count` top-level units named `prefix` 1…count; their ids in that order. */
export async function insertRootUnits(client: Client, prefix: string, count: number): Promise<string[]> {
  const { rows } = await client.query(
    `INSERT INTO unit (name, path) SELECT $1 || g, '' FROM generate_series(1, $2::int) g ORDER BY g RETURNING id`,
    [prefix, count],
  );
  await client.query(`UPDATE unit SET path = id::text WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
  return rows.map((row) => row.id);
}
