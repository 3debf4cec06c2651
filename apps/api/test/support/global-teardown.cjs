// Drops every database this run created (the template and any clone a crashed file left behind).
require('../../../../scripts/lib/register-ts.cjs');
const { adminQuery, dropDatabase } = require('../../src/database/scratch-database.ts');

module.exports = async () => {
  const { adminUrl, run } = globalThis.__DUBAN_TEST__ ?? {};
  if (!run) return;
  const rows = await adminQuery(adminUrl, `SELECT datname FROM pg_database WHERE datname LIKE '${run}%'`);
  for (const { datname } of rows) await dropDatabase(adminUrl, datname);
};
