#!/usr/bin/env node
// `npm run test:resilience`: replays the faults Duban must survive, each as an existing test that
// asserts the outcome (nothing lost, nothing sent twice, a clean refusal instead of a hang), and prints
// one table. Every fault that stops a server uses a PRIVATE instance the test starts; the shared
// PostgreSQL and Redis are never stopped, frozen or flushed. docs/reliability.md records a run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const SCENARIOS = [
  {
    fault: 'PostgreSQL kill -9, then a 30 s SIGSTOP freeze, under 20 writers (private initdb cluster)',
    config: 'apps/api/jest.config.cjs',
    file: 'apps/api/test/pg-faults.resilience-spec.ts',
    testMatch: '**/*.resilience-spec.ts',
    test: 'loses no acknowledged write',
    expect:
      '0 acknowledged reports lost; every refusal 503 + Retry-After within the limits; same process writes again',
    figures: true,
  },
  {
    fault: 'Redis killed (private redis-server, no persistence)',
    config: 'apps/api/jest.config.cjs',
    file: 'apps/api/test/hardening.int-spec.ts',
    test: 'Redis down',
    expect: 'async import 503 + Retry-After at once, no job left waiting; sweep does not hang',
  },
  {
    fault: 'Redis FLUSHALL (this deployment’s keys)',
    config: 'apps/api/jest.config.cjs',
    file: 'apps/api/test/hardening.int-spec.ts',
    test: 'registers the schedule again',
    expect: 'sweep schedule registered again by the worker check (every 30 s)',
  },
  {
    fault: 'Redis flushed: pending reminders without jobs',
    config: 'apps/api/jest.config.cjs',
    file: 'apps/api/test/reminders-delivery.int-spec.ts',
    test: 'recreates what was pending',
    expect: 'pending rows re-enqueued, nothing already sent goes again',
  },
  {
    fault: 'worker SIGKILL mid-delivery',
    config: 'apps/api/jest.config.cjs',
    file: 'apps/api/test/reminders-delivery.int-spec.ts',
    test: 'leaves the job to another worker',
    expect: 'another worker sends only what had not gone out (in-app exactly once)',
  },
  {
    fault: 'two sweepers at once (two instances, four sweeps)',
    config: 'apps/api/jest.config.cjs',
    file: 'apps/api/test/reminders.int-spec.ts',
    test: 'notifies each recipient exactly once',
    expect: 'each recipient notified exactly once',
  },
  {
    fault: 'deadline 9999-12-31 in the sweep',
    config: 'apps/api/jest.config.cjs',
    file: 'apps/api/test/hardening.int-spec.ts',
    test: 'sweeps on time',
    expect: 'sweep completes in seconds; statement + lock timeout bound it anyway',
  },
  {
    fault: 'DOCX zip bomb / parse that never ends',
    config: 'libs/policy-parser/jest.config.cjs',
    file: 'libs/policy-parser/src/file-text.spec.ts',
    test: 'zip bomb|hard timeout',
    expect: 'refused before decoding; decoding thread heap-limited and ended at the timeout',
  },
];

const out = mkdtempSync(join(tmpdir(), 'duban-resilience-'));
const rows = [];
const figures = [];
let failed = 0;
for (const [index, scenario] of SCENARIOS.entries()) {
  const report = join(out, `${index}.json`);
  const figuresFile = join(out, `${index}.figures.json`);
  const started = Date.now();
  const run = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/jest/bin/jest.js'),
      '-c',
      scenario.config,
      scenario.file,
      '-t',
      scenario.test,
      ...(scenario.testMatch ? ['--testMatch', scenario.testMatch] : []),
      '--json',
      '--forceExit',
      `--outputFile=${report}`,
    ],
    {
      cwd: root,
      env: { ...process.env, NODE_OPTIONS: '--experimental-vm-modules', DUBAN_RESILIENCE_OUT: figuresFile },
      encoding: 'utf8',
    },
  );
  let passed = 0;
  let total = 0;
  try {
    const result = JSON.parse(readFileSync(report, 'utf8'));
    passed = result.numPassedTests;
    total = result.numPassedTests + result.numFailedTests;
  } catch {
    // No report: the run itself failed (shown below).
  }
  const ok = run.status === 0 && total > 0;
  if (!ok) {
    failed++;
    process.stderr.write(run.stderr.slice(-4000));
  }
  if (scenario.figures) {
    try {
      figures.push(JSON.parse(readFileSync(figuresFile, 'utf8')));
    } catch {
      // The test failed before measuring (shown above).
    }
  }
  rows.push([
    scenario.fault,
    ok ? 'held' : 'BROKE',
    `${passed}/${total}`,
    `${((Date.now() - started) / 1000).toFixed(1)} s`,
    scenario.expect,
  ]);
}

const header = ['fault', 'outcome', 'tests', 'time', 'what is asserted'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
console.log(line(header));
console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
for (const row of rows) console.log(line(row));

// The PostgreSQL replay's own figures.
for (const f of figures) {
  const ms = (value) => `${(value / 1000).toFixed(1)} s`;
  console.log('');
  console.log(
    '| PostgreSQL fault | refusals (all 503 + Retry-After) | slowest refusal | first write acknowledged after |',
  );
  console.log('| --- | ---: | ---: | ---: |');
  console.log(
    `| kill -9 (down 5 s, then pg_ctl start) | ${f.kill.refusals} | ${ms(f.kill.slowestRefusalMs)} | ${ms(f.kill.recoveryMs)} after start |`,
  );
  console.log(
    `| SIGSTOP ${ms(f.freeze.freezeMs)} | ${f.freeze.refusals} | ${ms(f.freeze.slowestRefusalMs)} | ${ms(f.freeze.recoveryMs)} after SIGCONT |`,
  );
  console.log('');
  console.log(
    `${f.writers} writers: ${f.acknowledged} reports acknowledged, ${f.lost} lost; ${f.refusedButStored} refused yet stored ` +
      `(committed, the answer lost with the connection); refusal bound ${ms(f.refusalBoundMs)}; statuses ${JSON.stringify(f.statuses)}`,
  );
}
process.exit(failed ? 1 : 0);
