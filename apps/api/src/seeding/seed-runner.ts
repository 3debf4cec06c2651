import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
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

/** Loads the base directory and an admin, then the demo data unless disabled; does nothing on a database that has users. */
export async function runSeeds(databaseUrl: string, options: { demo: boolean }): Promise<void> {
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
    await seed(app, config, options.demo && config.demo.enabled);
  } finally {
    await app.close();
  }
}

async function seed(app: INestApplicationContext, config: AppConfig, demo: boolean): Promise<void> {
  const logger = new Logger('Seed');
  const dataSource = app.get(DataSource);
  if (await dataSource.getRepository(User).exists())
    return logger.log('database already has users; seeds skipped');

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
  logger.log(`base: ${imported.created} units, user admin`);
  if (!demo) return;

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

  const documents = app.get(DocumentsService);
  const supervisor = { ...SYSTEM_ACTOR, displayName: '督查室（演示数据）', roles: ['supervisor'] as Role[] };
  for (const file of manifest.compilations) {
    const text = readFileSync(join(SEEDS_DIR, 'demo', file), 'utf8');
    await documents.parseAndStore(supervisor, text, file.split('/').pop()!);
  }
  const publishing = app.get(PublishService);
  let tasks = 0;
  for (const docNumber of manifest.publish) {
    const [document] = await dataSource.query('SELECT id FROM policy_document WHERE doc_number = $1', [
      docNumber,
    ]);
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
  await simulateHistory(app);
  const [loaded] = await dataSource.query(
    `SELECT (SELECT count(*) FROM policy_document)::int AS documents,
            (SELECT count(*) FROM assignment WHERE accepted_at IS NOT NULL)::int AS accepted,
            (SELECT count(*) FROM progress_report)::int AS reports,
            (SELECT count(*) FROM extension_request)::int AS extensions,
            (SELECT count(*) FROM assignment WHERE status = 'completed')::int AS completed`,
  );
  logger.log(
    `demo: ${manifest.users.length} users; ${loaded.documents} documents from ${manifest.compilations.length} compilations, ` +
      `${manifest.publish.length} published as ${tasks} tasks; history: ${loaded.accepted} acceptances, ` +
      `${loaded.reports} reports, ${loaded.extensions} extension requests, ${loaded.completed} completions`,
  );
}
