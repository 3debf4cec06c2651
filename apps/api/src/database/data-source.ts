import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** The one DataSource definition, used by the app, the migration scripts and the tests. */
export function createDataSource(
  url: string,
  options: { logging?: boolean; poolSize?: number } = {},
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
    extra: { max: options.poolSize ?? 10 },
  });
}
