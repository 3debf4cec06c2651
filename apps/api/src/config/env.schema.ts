import { availableParallelism } from 'node:os';
import { z } from 'zod';

/** `host:port,host:port` (Redis Sentinel or Cluster seed nodes). */
const hostList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z
        .string()
        .regex(/^[^:\s]+:\d{1,5}$/, { message: 'expected host:port, comma-separated' })
        .transform((entry) => {
          const [host, port] = entry.split(':');
          return { host, port: Number(port) };
        }),
    ),
  );
/** The secret the code falls back to outside production; production refuses it (and any weak one). */
export const DEVELOPMENT_JWT_SECRET = 'duban-development-secret-not-for-production';
const WEAK_SECRET = /^(change-?me|secret|password|duban|test|dev|development|123)/i;

const flag = z.enum(['true', 'false', '1', '0', '']).transform((value) => value === 'true' || value === '1');

/** Every environment variable the api and worker read; `.env.example` documents each one. */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    APP_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DATABASE_URL: z.string().url({ message: 'DATABASE_URL must be a postgres:// URL' }),
    REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
    REDIS_PREFIX: z.string().min(1).default('duban'),
    REDIS_SENTINELS: hostList.optional(),
    REDIS_SENTINEL_NAME: z.string().min(1).default('mymaster'),
    REDIS_CLUSTER_NODES: hostList.optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
    DATABASE_PREPARED_STATEMENTS: flag.default(true),
    DATABASE_REPLICA_URLS: z
      .string()
      .optional()
      .transform((value) =>
        (value ?? '')
          .split(',')
          .map((url) => url.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(
          z.string().url({ message: 'DATABASE_REPLICA_URLS must be postgres:// URLs, comma-separated' }),
        ),
      ),
    AUDIT_RETENTION_MONTHS: z.coerce.number().int().min(0).default(0),
    REMINDER_ARCHIVE_DAYS: z.coerce.number().int().min(7).default(90),
    RETENTION_CRON: z.string().default('30 2 * * *'),
    JWT_SECRET: z.string().min(16, { message: 'JWT_SECRET must be at least 16 characters' }).optional(),
    // Access tokens are short: the web refreshes them; a disabled user is refused at the next request anyway.
    JWT_EXPIRES_IN_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .default(15 * 60),
    JWT_REFRESH_EXPIRES_IN_SECONDS: z.coerce
      .number()
      .int()
      .min(300)
      .default(12 * 60 * 60),
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
    LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),
    /** Password hashes computed at once by this process (argon2 in libuv's pool); default: one core fewer than the machine has. */
    PASSWORD_HASH_SLOTS: z.coerce
      .number()
      .int()
      .min(1)
      .default(() => Math.max(1, availableParallelism() - 1)),
    /** Express `trust proxy`: empty trusts no proxy (X-Forwarded-For ignored); e.g. `loopback` or `10.0.0.0/8`. */
    TRUST_PROXY: z.string().default(''),
    DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
    DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
    DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
    DB_SWEEP_TIMEOUT_MS: z.coerce.number().int().min(1000).default(300_000),
    /** statement_timeout per request class (common/request-context.ts). */
    DB_READ_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    DB_WRITE_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
    DB_EXPORT_TIMEOUT_MS: z.coerce.number().int().min(100).default(120_000),
    DB_IMPORT_TIMEOUT_MS: z.coerce.number().int().min(100).default(120_000),
    UPLOAD_QUOTA_MB_PER_DAY: z.coerce.number().positive().default(500),
    ADMIN_PASSWORD: z.string().min(8).optional(),
    DEMO_DATA: flag.default(true),
    DEMO_PASSWORD: z.string().min(6).default('Duban@2023'),
    WEB_DIST: z.string().optional(),
    UPLOAD_DIR: z.string().default('.data/uploads'),
    MAX_UPLOAD_MB: z.coerce.number().positive().default(20),
    IMPORT_ASYNC_THRESHOLD_KB: z.coerce.number().int().min(1).default(256),
    /** The most tasks one 台账 export holds (its detail sheet has a row per assignment; Excel stops at 1,048,576). */
    EXPORT_MAX_TASKS: z.coerce.number().int().min(1).max(200_000).default(50_000),
    REMINDER_CRON: z.string().default('*/10 * * * *'),
    SMTP_URL: z.string().optional(),
    SMTP_FROM: z.string().default('督办系统 <duban@localhost>'),
    WEBHOOK_URL: z.string().url().optional(),
    WEBHOOK_SECRET: z.string().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((env, ctx) => {
    if (env.REDIS_SENTINELS?.length && env.REDIS_CLUSTER_NODES?.length)
      ctx.addIssue({
        code: 'custom',
        path: ['REDIS_CLUSTER_NODES'],
        message: 'set either REDIS_SENTINELS or REDIS_CLUSTER_NODES, not both',
      });
    if (env.NODE_ENV !== 'production') return;
    if (!env.JWT_SECRET)
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'required in production' });
    else if (
      env.JWT_SECRET.length < 32 ||
      WEAK_SECRET.test(env.JWT_SECRET) ||
      new Set(env.JWT_SECRET).size < 10
    )
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message:
          'too weak for production: use at least 32 random characters (e.g. `openssl rand -base64 48`)',
      });
    if (!env.ADMIN_PASSWORD)
      ctx.addIssue({ code: 'custom', path: ['ADMIN_PASSWORD'], message: 'required in production' });
  });

export type Env = z.infer<typeof envSchema>;
export interface RedisNode {
  host: string;
  port: number;
}

export interface AppConfig {
  env: Env['NODE_ENV'];
  role: Env['APP_ROLE'];
  port: number;
  /** Express `trust proxy`: the proxies whose X-Forwarded-For names the client (login throttling by IP). */
  trustProxy: string;
  databaseUrl: string;
  /** Pool size per process and its timeouts; read replicas (if any) serve the read side's explicit replica queries. */
  database: {
    poolSize: number;
    /** The hot statements (a move on an assignment, the hot reads) as named prepared statements (database/prepared.ts). */
    preparedStatements: boolean;
    replicaUrls: string[];
    connectTimeoutMs: number;
    statementTimeoutMs: number;
    idleInTransactionTimeoutMs: number;
    sweepTimeoutMs: number;
    /** statement_timeout of an HTTP request's statements, by its class. */
    requestTimeoutsMs: { read: number; write: number; export: number; import: number };
  };
  /**
   * One Redis (url), Sentinel (sentinels + sentinelName; url then only carries password/db/TLS) or
   * Cluster (clusterNodes). `prefix` is the BullMQ key prefix, wrapped in a {hash tag} on a Cluster.
   */
  redis: {
    url: string;
    prefix: string;
    sentinels: RedisNode[];
    sentinelName: string;
    clusterNodes: RedisNode[];
  };
  jwt: { secret: string; expiresInSeconds: number; refreshExpiresInSeconds: number };
  login: { maxFailures: number; lockSeconds: number; hashSlots: number };
  adminPassword: string | null;
  demo: { enabled: boolean; password: string };
  webDist: string | null;
  uploads: { dir: string; maxBytes: number; quotaBytesPerDay: number };
  importAsyncThresholdBytes: number;
  exportMaxTasks: number;
  reminders: { cron: string };
  /** Ledger retention: audit months kept (0 = all), reminder rows archived after days, the job's cron. */
  retention: { auditMonths: number; reminderArchiveDays: number; cron: string };
  smtp: { url: string | null; from: string };
  webhook: { url: string | null; secret: string | null };
  logLevel: Env['LOG_LEVEL'];
}

/** Parses process.env once; a bad value stops start-up with a message naming the variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
      .join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  const env = parsed.data;
  return {
    env: env.NODE_ENV,
    role: env.APP_ROLE,
    port: env.PORT,
    databaseUrl: env.DATABASE_URL,
    redis: {
      url: env.REDIS_URL,
      prefix: env.REDIS_PREFIX,
      sentinels: env.REDIS_SENTINELS ?? [],
      sentinelName: env.REDIS_SENTINEL_NAME,
      clusterNodes: env.REDIS_CLUSTER_NODES ?? [],
    },
    // Outside production a fixed development secret keeps the two-command start working.
    jwt: {
      secret: env.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET,
      expiresInSeconds: env.JWT_EXPIRES_IN_SECONDS,
      refreshExpiresInSeconds: env.JWT_REFRESH_EXPIRES_IN_SECONDS,
    },
    login: {
      maxFailures: env.LOGIN_MAX_FAILURES,
      lockSeconds: env.LOGIN_LOCK_MINUTES * 60,
      hashSlots: env.PASSWORD_HASH_SLOTS,
    },
    trustProxy: env.TRUST_PROXY,
    database: {
      connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
      idleInTransactionTimeoutMs: env.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      sweepTimeoutMs: env.DB_SWEEP_TIMEOUT_MS,
      requestTimeoutsMs: {
        read: env.DB_READ_TIMEOUT_MS,
        write: env.DB_WRITE_TIMEOUT_MS,
        export: env.DB_EXPORT_TIMEOUT_MS,
        import: env.DB_IMPORT_TIMEOUT_MS,
      },
      poolSize: env.DATABASE_POOL_SIZE,
      preparedStatements: env.DATABASE_PREPARED_STATEMENTS,
      replicaUrls: env.DATABASE_REPLICA_URLS,
    },
    adminPassword: env.ADMIN_PASSWORD ?? null,
    demo: { enabled: env.DEMO_DATA && env.NODE_ENV !== 'production', password: env.DEMO_PASSWORD },
    webDist: env.WEB_DIST ?? null,
    uploads: {
      dir: env.UPLOAD_DIR,
      maxBytes: Math.round(env.MAX_UPLOAD_MB * 1024 * 1024),
      quotaBytesPerDay: Math.round(env.UPLOAD_QUOTA_MB_PER_DAY * 1024 * 1024),
    },
    importAsyncThresholdBytes: env.IMPORT_ASYNC_THRESHOLD_KB * 1024,
    exportMaxTasks: env.EXPORT_MAX_TASKS,
    reminders: { cron: env.REMINDER_CRON },
    retention: {
      auditMonths: env.AUDIT_RETENTION_MONTHS,
      reminderArchiveDays: env.REMINDER_ARCHIVE_DAYS,
      cron: env.RETENTION_CRON,
    },
    smtp: { url: env.SMTP_URL || null, from: env.SMTP_FROM },
    webhook: { url: env.WEBHOOK_URL ?? null, secret: env.WEBHOOK_SECRET ?? null },
    logLevel: env.LOG_LEVEL,
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
