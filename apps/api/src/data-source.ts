import { DataSource } from 'typeorm';
import { ContextClient } from './common/context-client';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './database/migrations';

/** Limits for the app's pool (migrations and scripts run without them). */
export interface PoolTimeouts {
  /** Waiting for a connection (new, or a free one from a full pool) fails after this: a bounded queue. */
  connectMs: number;
  statementMs: number;
  idleInTransactionMs: number;
}

function poolTimeouts(timeouts: PoolTimeouts | undefined) {
  if (!timeouts) return {};
  return {
    connectionTimeoutMillis: timeouts.connectMs,
    statement_timeout: timeouts.statementMs,
    lock_timeout: timeouts.statementMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
    keepAlive: true,
    // statement_timeout per request class, and cancel on client disconnect (common/request-context.ts).
    Client: ContextClient,
  };
}

export interface DataSourceOptions {
  logging?: boolean;
  poolSize?: number;
  /** Read replicas (streaming standbys). Only reads that ask for one go there: see `Transactions.onReplica`. */
  replicaUrls?: readonly string[];
  timeouts?: PoolTimeouts;
}

/**
 * The one DataSource definition, used by the app, the migration scripts and the tests.
 *
 * Safe behind PgBouncer in transaction pooling mode: queries are unnamed (node-postgres names a
 * prepared statement only when asked to; only a move's hot statements ask, with
 * DATABASE_PREPARED_STATEMENTS, which needs PgBouncer 1.21+ with max_prepared_statements), and no session state outlives a
 * transaction (`SET LOCAL`, transaction-scoped advisory locks, `ON COMMIT DROP` temp tables).
 */
export function createDataSource(url: string, options: DataSourceOptions = {}): DataSource {
  const pool = { max: options.poolSize ?? 10, ...poolTimeouts(options.timeouts) };
  const replicas = options.replicaUrls ?? [];

  return new DataSource({
    type: 'postgres',
    ...(replicas.length
      ? {
          // Writes and every read that does not ask otherwise stay on the primary (read-your-writes);
          // TypeORM's own default would send every SELECT to a replica.
          replication: {
            master: { url },
            slaves: replicas.map((replica) => ({ url: replica })),
            defaultMode: 'master',
          },
        }
      : { url }),
    entities: ENTITIES,
    migrations: MIGRATIONS,
    // gen_random_uuid() is built into PostgreSQL 13+, so no extension has to be installed.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    logging: options.logging ?? false,
    extra: pool,
  });
}
