#!/usr/bin/env node
// Parses policy documents (.txt .md .docx .pdf) into documents and measures.
//   npm run -s parse -- [--json] FILE...
//   npm run -s parse:snapshot   rewrites the corpus snapshot (libs/policy-parser/corpus-snapshot.json)
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { extname, basename, join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
require('./lib/register-ts.cjs');
const { parsePolicyText, extractText } = require('../libs/policy-parser/src/index.ts');

const args = process.argv.slice(2);
if (args.includes('--snapshot')) writeSnapshot();
const asJson = args.includes('--json');
const files = args.filter((a) => a !== '--json');
if (!files.length) {
  console.error('用法：npm run -s parse -- [--json] 文件...（支持 .txt .md .docx .pdf）');
  process.exit(2);
}

const SUPPORTED = new Set(['.txt', '.md', '.docx', '.pdf']);
const documents = [];
for (const file of files) {
  if (!existsSync(file)) {
    console.error(`文件不存在：${file}`);
    process.exit(1);
  }
  if (!SUPPORTED.has(extname(file).toLowerCase())) {
    console.error(`不支持的文件类型：${basename(file)}（支持 .txt .md .docx .pdf）`);
    process.exit(2);
  }
  let text;
  try {
    text = await extractText(readFileSync(file), basename(file));
  } catch (e) {
    console.error(`${file}：${e.message}`);
    process.exit(1);
  }
  const result = parsePolicyText(text);
  if (asJson) documents.push(...result.documents);
  else printSummary(file, result.documents);
}
if (asJson) process.stdout.write(JSON.stringify({ documents }, null, 1) + '\n');

function printSummary(file, docs) {
  console.log(`== ${file}：${docs.length} 份文件`);
  for (const d of docs) {
    console.log(`\n【${d.title || '（无标题）'}】`);
    console.log(
      `  发文机关：${d.issuer ?? '—'}  发文字号：${d.docNumber ?? '—'}  成文日期：${d.issuedOn ?? '—'}  地区：${d.region ?? '—'}`,
    );
    console.log(`  措施 ${d.measures.length} 项`);
    for (const n of d.notes) console.log(`  ⚠ [${n.code}] ${n.message}`);
    for (const m of d.measures) {
      const path = m.path.length ? `[${m.path.join(' › ')}] ` : '';
      const no = /^\d+$/.test(m.number) ? `${m.number}.` : `${m.number}、`;
      console.log(`  ${no} ${path}${m.title}`);
      if (m.leadUnits.length) console.log(`      牵头：${m.leadUnits.join('、')}`);
      if (m.responsibleUnits.length) console.log(`      责任：${m.responsibleUnits.join('、')}`);
      if (m.deadlineText || m.ongoing)
        console.log(
          `      时限：${m.deadlineText ?? ''}${m.deadline ? ` → ${m.deadline}` : ''}${m.ongoing ? '（长期）' : ''}`,
        );
      if (m.flags.length) console.log(`      可信度 ${m.confidence}`);
      for (const f of m.flags) console.log(`      ⚠ [${f.code}] ${f.message}`);
    }
  }
}

/** Rewrites the corpus snapshot and prints how its totals moved. */
function writeSnapshot() {
  const { corpusSnapshot } = require('../libs/policy-parser/src/corpus-snapshot.ts');
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const dir = join(root, 'seeds/demo/compilations');
  const target = join(root, 'libs/policy-parser/corpus-snapshot.json');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
  const before = existsSync(target) ? JSON.parse(readFileSync(target, 'utf8')).totals : null;
  const snapshot = corpusSnapshot(files);
  writeFileSync(target, JSON.stringify(snapshot, null, 2) + '\n');
  console.log(`写入 ${target}`);
  if (before) console.log('之前：', JSON.stringify(before));
  console.log('现在：', JSON.stringify(snapshot.totals));
  process.exit(0);
}
