import 'reflect-metadata';
import { loadConfig } from '../config/env.schema';
import { createDataSource } from '../data-source';
import { runSeeds } from './seed-runner';

/** Container entry point (docker-compose `migrate`): apply migrations, then seed an empty database. */
async function main(): Promise<void> {
  const config = loadConfig();
  const dataSource = await createDataSource(config.databaseUrl).initialize();
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  console.log(
    applied.length ? `applied migrations: ${applied.map((m) => m.name).join(', ')}` : 'no pending migrations',
  );
  await dataSource.destroy();
  await runSeeds(config.databaseUrl, { demo: config.demo.enabled });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
