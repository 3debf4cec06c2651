#!/usr/bin/env node
// Database chores: `migrate` applies pending migrations to DATABASE_URL, `generate <Name>` writes a
// migration for the difference between the entities and the migrations, `seed` loads base and demo data,
// `retention` runs the ledger retention once.
import { createRequire } from 'node:module';
import { writeFileSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
require('./lib/register-ts.cjs');
const { createDataSource } = require('../apps/api/src/data-source.ts');
const {
  DEFAULT_ADMIN_URL,
  createDatabase,
  dropDatabase,
} = require('../apps/api/src/database/scratch-database.ts');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [command, name] = process.argv.slice(2);

async function migrate() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const dataSource = await createDataSource(url).initialize();
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  console.log(applied.length ? `applied: ${applied.map((m) => m.name).join(', ')}` : 'no pending migrations');
  await dataSource.destroy();
}

async function generate() {
  if (!/^[A-Z][A-Za-z0-9]+$/.test(name ?? '')) throw new Error('usage: db.mjs generate PascalCaseName');
  const adminUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_ADMIN_URL;
  const scratch = `duban_gen_${Date.now()}`;
  const url = await createDatabase(adminUrl, scratch);
  try {
    const dataSource = await createDataSource(url).initialize();
    await dataSource.runMigrations();
    const sql = await dataSource.driver.createSchemaBuilder().log();
    await dataSource.destroy();
    if (!sql.upQueries.length) return console.log('entities and migrations already agree');
    const timestamp = Date.now();
    const className = `${name}${timestamp}`;
    const lines = (queries) =>
      queries
        .map(
          (q) =>
            `    await queryRunner.query(${JSON.stringify(q.query)}${q.parameters?.length ? `, ${JSON.stringify(q.parameters)}` : ''});`,
        )
        .join('\n');
    const file = `${timestamp}-${name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}.ts`;
    const dir = join(root, 'apps/api/src/database/migrations');
    writeFileSync(
      join(dir, file),
      `import type { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${className} implements MigrationInterface {\n  name = '${className}';\n\n  async up(queryRunner: QueryRunner): Promise<void> {\n${lines(sql.upQueries)}\n  }\n\n  async down(queryRunner: QueryRunner): Promise<void> {\n${lines(sql.downQueries.reverse())}\n  }\n}\n`,
    );
    const index = join(dir, 'index.ts');
    const module = `./${file.replace(/\.ts$/, '')}`;
    const current = readFileSync(index, 'utf8');
    const imports = [...current.matchAll(/^import .*$/gm)].map((m) => m[0]);
    const classes = [...current.matchAll(/^import \{ (\w+) \}/gm)].map((m) => m[1]);
    imports.push(`import { ${className} } from '${module}';`);
    classes.push(className);
    writeFileSync(
      index,
      `${imports.join('\n')}\n\n/** In the order they apply. */\nexport const MIGRATIONS = [${classes.join(', ')}];\n`,
    );
    console.log(`wrote ${file}`);
  } finally {
    await dropDatabase(adminUrl, scratch);
  }
}

async function seed() {
  const { runSeeds } = require('../apps/api/src/seeding/seed-runner.ts');
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  await runSeeds(url, { demo: process.env.DEMO_DATA !== 'false' });
}

/** The ledger retention the worker runs daily (docs/operations.md, "Retention"), once, by hand. */
async function retention() {
  const { NestFactory } = require('@nestjs/core');
  const { loadConfig } = require('../apps/api/src/config/env.schema.ts');
  const { AppModule } = require('../apps/api/src/app.module.ts');
  const { LedgerRetentionService } = require('../apps/api/src/modules/reminders/ledger-retention.service.ts');
  const config = loadConfig({ ...process.env, APP_ROLE: 'api' });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  try {
    console.log(JSON.stringify(await app.get(LedgerRetentionService).run(), null, 2));
  } finally {
    await app.close();
  }
}

const commands = { migrate, generate, seed, retention };
if (!commands[command]) {
  console.error('usage: node scripts/db.mjs migrate | generate <Name> | seed');
  process.exit(2);
}
commands[command]().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
