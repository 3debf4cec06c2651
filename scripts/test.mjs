#!/usr/bin/env node
// `npm test`: type-checks every project, runs every Jest suite (unit, integration against the real
// PostgreSQL and Redis, web, browser journeys) through Nx, lints, then prints one closing count.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const results = join(root, 'dist/test-results');
// Resolved from the package's own bin entry: its location inside the package changed between Nx majors.
const require = createRequire(import.meta.url);
const nxPackage = require.resolve('nx/package.json');
const nxBin = join(dirname(nxPackage), require(nxPackage).bin.nx);

/** System packages the suites need (a CJK font for generated PDFs, Chromium for browser journeys). */
function ensureSystemPackages() {
  const wanted = [
    ['/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', 'fonts-wqy-zenhei'],
    ['/usr/bin/chromium', 'chromium'],
  ].filter(([path]) => !existsSync(path));
  if (!wanted.length) return;
  const packages = wanted.map(([, name]) => name);
  console.log(`[test] installing ${packages.join(', ')} with apt-get`);
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit' });
  if (install.status !== 0)
    console.warn(`[test] could not install ${packages.join(', ')}; suites that need them will fail`);
}

ensureSystemPackages();
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
const nx = spawnSync(
  process.execPath,
  [nxBin, 'run-many', '-t', 'typecheck', 'test', '--parallel=1', '--outputStyle=stream', '--skipNxCache'],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0' },
  },
);

// Lint is part of the gate: formatting, module boundaries and the style rules hold on every run.
console.log('\n> npm run lint');
const lint = spawnSync('npm', ['run', '-s', 'lint'], { cwd: root, stdio: 'inherit' });

let passed = 0;
let failed = 0;
for (const file of existsSync(results) ? readdirSync(results) : []) {
  const report = JSON.parse(readFileSync(join(results, file), 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
}
console.log(`\ntests: ${passed} passed, ${failed} failed`);
if (lint.status !== 0) console.log('lint: failed (see above)');
process.exit(nx.status === 0 && lint.status === 0 && failed === 0 ? 0 : 1);
