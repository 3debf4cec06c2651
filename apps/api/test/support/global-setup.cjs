// Creates one migrated template database per test run; each test file clones it (CREATE DATABASE … TEMPLATE),
// so files run in parallel without sharing rows. Redis keys get a per-run prefix.
require('../../../../scripts/lib/register-ts.cjs');
const { DEFAULT_ADMIN_URL, createDatabase } = require('../../src/database/scratch-database.ts');

module.exports = async () => {
  const adminUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_ADMIN_URL;
  const run = `duban_t${Date.now().toString(36)}${process.pid}`;
  const template = `${run}_tpl`;
  const url = await createDatabase(adminUrl, template);
  const { createDataSource } = require('../../src/data-source.ts');
  const dataSource = await createDataSource(url).initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  process.env.DUBAN_TEST_ADMIN_URL = adminUrl;
  process.env.DUBAN_TEST_RUN = run;
  process.env.DUBAN_TEST_TEMPLATE = template;
  globalThis.__DUBAN_TEST__ = { adminUrl, run };
};
