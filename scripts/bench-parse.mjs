#!/usr/bin/env node
// Throughput of the policy parser on the seed compilations: npm run bench:parse
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
require('./lib/register-ts.cjs');
const { parsePolicyText } = require('../libs/policy-parser/src/index.ts');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = [join(root, 'seeds/demo/compilations'), join(root, '../shared/seeds')].find((d) => existsSync(d));
if (!dir) {
  console.error('找不到种子文件目录（seeds/demo/compilations 或 ../shared/seeds）');
  process.exit(1);
}
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort();
const texts = files.map((f) => readFileSync(join(dir, f), 'utf8'));
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
const reps = Number(process.env.BENCH_REPS ?? 10);

let peakHeap = 0;
const sample = () => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed));
let measures = 0;
const runOnce = () => {
  let n = 0;
  for (const t of texts) {
    n += parsePolicyText(t).documents.reduce((k, d) => k + d.measures.length, 0);
    sample();
  }
  return n;
};

runOnce(); // warm-up: module compilation and JIT
const times = [];
const cpuTimes = [];
for (let r = 0; r < reps; r++) {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  measures = runOnce();
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  const c = process.cpuUsage(c0);
  cpuTimes.push((c.user + c.system) / 1000);
}
cpuTimes.sort((a, b) => a - b);
times.sort((a, b) => a - b);
const median = times[times.length >> 1];
const mb = bytes / 1e6;
console.log(`files: ${files.length} (${dir})`);
console.log(
  `input: ${mb.toFixed(2)} MB UTF-8, ${texts.reduce((n, t) => n + t.length, 0)} chars; ${measures} measures per pass`,
);
console.log(
  `passes: ${reps} after 1 warm-up; median ${median.toFixed(1)} ms, best ${times[0].toFixed(1)} ms, worst ${times.at(-1).toFixed(1)} ms`,
);
const FLOOR = 5;
console.log(
  `throughput: ${(mb / (median / 1000)).toFixed(1)} MB/s (median), ${(mb / (times[0] / 1000)).toFixed(1)} MB/s (best); floor ${FLOOR} MB/s`,
);
// on a shared, loaded machine wall time mostly measures the other processes; CPU time does not
console.log(
  `cpu-time throughput: ${(mb / (cpuTimes[cpuTimes.length >> 1] / 1000)).toFixed(1)} MB/s (median), ${(mb / (cpuTimes[0] / 1000)).toFixed(1)} MB/s (best)`,
);
console.log(
  `peak heap used: ${(peakHeap / 1048576).toFixed(1)} MB; max RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MB`,
);
