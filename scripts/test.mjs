#!/usr/bin/env node
// `npm test`: type-checks every project, runs every Jest suite (unit, integration against the real
// PostgreSQL and Redis, web, browser journeys) through Nx, lints, then prints one closing count.
import { spawn, spawnSync } from 'node:child_process';
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

/** Runs a command with inherited output; resolves with its exit status and how long it took. */
function run(label, command, args) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0' },
    });
    const done = (status) => resolve({ label, status, seconds: (Date.now() - started) / 1000 });
    child.on('exit', (code, signal) => done(signal ? 1 : code));
    child.on('error', () => done(1));
  });
}

const nxRun = (label, ...args) =>
  run(label, process.execPath, [nxBin, 'run-many', ...args, '--outputStyle=stream', '--skipNxCache']);

/** Steps one after another, whatever the status of the one before (every failure gets reported). */
async function lane(steps) {
  const results = [];
  for (const step of steps) results.push(await step());
  return results;
}

ensureSystemPackages();
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
const started = Date.now();
// Two lanes on the two cores. The suites that drive the real app (api integration, browser journeys) share
// PostgreSQL and Redis and take most of the time; they run one after the other, as before. Beside them run
// the type-checks, the pure unit suites (libs, web components in jsdom) and lint, which touch neither.
const steps = (
  await Promise.all([
    lane([() => nxRun('api, web-e2e: test', '-t', 'test', '-p', 'api,web-e2e', '--parallel=1')]),
    lane([
      () => nxRun('typecheck (all projects)', '-t', 'typecheck', '--parallel=1'),
      // Every other project's suite, so a new library's tests run without being listed here.
      () => nxRun('other projects: test', '-t', 'test', '--exclude=api,web-e2e', '--parallel=1'),
      // Lint is part of the gate: formatting, module boundaries and the style rules hold on every run.
      () => run('lint', 'npm', ['run', '-s', 'lint']),
    ]),
  ])
).flat();

console.log('');
for (const { label, status, seconds } of steps)
  console.log(`[test] ${label}: ${status === 0 ? 'ok' : 'FAILED'} in ${seconds.toFixed(0)} s`);
console.log(`[test] wall time ${((Date.now() - started) / 1000).toFixed(0)} s`);

let passed = 0;
let failed = 0;
for (const file of existsSync(results) ? readdirSync(results) : []) {
  const report = JSON.parse(readFileSync(join(results, file), 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
}
console.log(`\ntests: ${passed} passed, ${failed} failed`);
const lint = steps.find((step) => step.label === 'lint');
if (lint.status !== 0) console.log('lint: failed (see above)');
process.exit(steps.every((step) => step.status === 0) && failed === 0 ? 0 : 1);
