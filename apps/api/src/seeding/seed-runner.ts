import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { Role } from '@duban/contracts';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { SYSTEM_ACTOR } from '../common/actor';
import { findUp } from '../common/paths';
import { loadConfig, type AppConfig } from '../config/env.schema';
import { DocumentsService } from '../modules/documents/documents.service';
import { PublishService } from '../modules/documents/publish.service';
import { readCsv, unitRowsOf } from '../modules/units/unit-rows';
import { UnitsService } from '../modules/units/units.service';
import { hashPassword } from '../modules/users/password';
import { User } from '../modules/users/user.entity';
import { simulateHistory } from './demo-history';

// Seeds ship beside the code (repo root, or /app in the container).
const SEEDS_DIR = findUp('seeds/base') ? join(findUp('seeds/base')!, '..') : 'seeds';

interface DemoManifest {
  compilations: string[];
  publish: string[];
  users: {
    username: string;
    displayName: string;
    roles: Role[];
    unit: string | null;
    isUnitHead?: boolean;
  }[];
}

/**
 * Loads the base directory and an admin, then the demo data unless disabled; does nothing on a database
 * that has users. Says what it loaded, one line per step (`npm start` and `db:seed` print them).
 */
export async function runSeeds(
  databaseUrl: string,
  options: { demo: boolean },
  say: (line: string) => void = (line) => console.log(`[seed] ${line}`),
): Promise<void> {
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: databaseUrl,
    APP_ROLE: 'api',
    LOG_LEVEL: 'warn',
  });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  try {
    await seed(app, config, options.demo && config.demo.enabled, say);
  } finally {
    await app.close();
  }
}

async function seed(
  app: INestApplicationContext,
  config: AppConfig,
  demo: boolean,
  say: (line: string) => void,
): Promise<void> {
  const dataSource = app.get(DataSource);
  if (await dataSource.getRepository(User).exists())
    return say('the database already has users: nothing loaded');

  const units = app.get(UnitsService);
  const rows = unitRowsOf(readCsv(readFileSync(join(SEEDS_DIR, 'base/units.csv'), 'utf8')));
  const imported = await units.importRows(SYSTEM_ACTOR, rows);
  const adminPassword = config.adminPassword ?? config.demo.password;
  await dataSource.getRepository(User).save({
    username: 'admin',
    displayName: '系统管理员',
    roles: ['admin'] as Role[],
    passwordHash: await hashPassword(adminPassword),
  });
  say(`units: ${imported.created} from seeds/base/units.csv`);
  if (!demo) return say('users: admin (demo data off)');

  const manifest: DemoManifest = JSON.parse(readFileSync(join(SEEDS_DIR, 'demo/manifest.json'), 'utf8'));
  const unitIdByName = new Map<string, string>(
    (await dataSource.query('SELECT id, name FROM unit')).map((u: { id: string; name: string }) => [
      u.name,
      u.id,
    ]),
  );
  const passwordHash = await hashPassword(config.demo.password);
  for (const user of manifest.users) {
    const unitId = user.unit ? unitIdByName.get(user.unit) : null;
    if (unitId === undefined) throw new Error(`demo user ${user.username}: no unit named ${user.unit}`);
    await dataSource
      .getRepository(User)
      .save({ ...user, unitId, isUnitHead: user.isUnitHead ?? false, passwordHash });
  }
  say(
    `users: admin and ${manifest.users.length} demo users (${manifest.users.map((u) => u.username).join(', ')})`,
  );

  const documents = app.get(DocumentsService);
  const supervisor = { ...SYSTEM_ACTOR, displayName: '督查室（演示数据）', roles: ['supervisor'] as Role[] };
  for (const file of manifest.compilations) {
    const text = readFileSync(join(SEEDS_DIR, 'demo', file), 'utf8');
    await documents.parseAndStore(supervisor, text, file.split('/').pop()!);
  }
  const [parsed]: { documents: number; measures: number }[] = await dataSource.query(
    'SELECT (SELECT count(*) FROM policy_document)::int AS documents, (SELECT count(*) FROM measure)::int AS measures',
  );
  say(
    `documents: ${parsed.documents} with ${parsed.measures} measures from ${manifest.compilations.length} compilations in seeds/demo`,
  );
  const publishing = app.get(PublishService);
  let tasks = 0;
  for (const docNumber of manifest.publish) {
    const [document]: { id: string }[] = await dataSource.query(
      'SELECT id FROM policy_document WHERE doc_number = $1',
      [docNumber],
    );
    if (!document) throw new Error(`demo manifest: no imported document ${docNumber}`);
    // Demo deadlines are set relative to today by simulateHistory: keep them as published for now. The demo
    // supervisor takes every proposed alias (吉安华润燃气公司 → 华润燃气有限公司) rather than stopping.
    tasks += (
      await publishing.publish(supervisor, document.id, {
        createMissingUnits: true,
        pastDeadlines: 'keep_late',
        acceptProposedAliases: true,
      })
    ).tasksCreated;
  }
  say(`tasks: ${tasks} from ${manifest.publish.length} published documents`);
  await simulateHistory(app);
  const [history]: { accepted: number; reports: number; extensions: number; completed: number }[] =
    await dataSource.query(
      `SELECT (SELECT count(*) FROM assignment WHERE accepted_at IS NOT NULL)::int AS accepted,
              (SELECT count(*) FROM progress_report)::int AS reports,
              (SELECT count(*) FROM extension_request)::int AS extensions,
              (SELECT count(*) FROM assignment WHERE status = 'completed')::int AS completed`,
    );
  say(
    `history: ${history.accepted} acceptances, ${history.reports} progress reports, ` +
      `${history.extensions} extension requests, ${history.completed} completions`,
  );
}
