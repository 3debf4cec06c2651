import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

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
  };
}

/** The one DataSource definition, used by the app, the migration scripts and the tests. */
export function createDataSource(
  url: string,
  options: { logging?: boolean; poolSize?: number; timeouts?: PoolTimeouts } = {},
): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    // gen_random_uuid() is built into PostgreSQL 13+, so no extension has to be installed.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    logging: options.logging ?? false,
    extra: { max: options.poolSize ?? 10, ...poolTimeouts(options.timeouts) },
  });
}
