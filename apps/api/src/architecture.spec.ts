import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// The arrows of docs/architecture.md that a rule can check, read from the source text (no app boot):
// the data layer is the ground floor, common/ serves everyone, only the read model (and seeding and
// migrations) sees the whole DataSource, config is the one global module, and a module writes only
// its own tables.

const src = __dirname;
const docs = resolve(src, '../../../docs/architecture.md');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return /\.ts$/.test(name) && !/\.(int-)?spec\.ts$/.test(name) ? [path] : [];
  });
}

const files = filesUnder(src).map((path) => ({
  path,
  rel: relative(src, path),
  text: readFileSync(path, 'utf8'),
}));

/** Where each relative import of a file points, as a path relative to src/. */
function importsOf(file: { path: string; text: string }): string[] {
  const specifiers = [
    ...file.text.matchAll(/\bfrom\s+'([^']+)'/g),
    ...file.text.matchAll(/\b(?:require|import)\(\s*'([^']+)'\s*\)/g),
  ].map((match) => match[1]);
  return specifiers
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => relative(src, resolve(dirname(file.path), specifier)));
}

const within = (rel: string, ...roots: string[]) =>
  roots.some((root) => rel === root || rel.startsWith(`${root}/`));

/** Places that stand above the modules: a floor file importing them would make it a roof too. */
const ABOVE_THE_FLOOR = [
  'modules',
  'seeding',
  'app.module',
  'app.factory',
  'main',
  'data-source',
  'entities',
];

describe('architecture (docs/architecture.md, "Arrows allowed")', () => {
  it('database/ imports nothing from the modules, seeding, or the app (data-source.ts and the entity list sit beside app.module)', () => {
    const wrong = files
      .filter((file) => within(file.rel, 'database'))
      .flatMap((file) =>
        importsOf(file)
          .filter((target) => within(target, ...ABOVE_THE_FLOOR))
          .map((t) => `${file.rel} → ${t}`),
      );
    expect(wrong).toEqual([]);
  });

  it('common/, config/ and queue/ import no module (nor seeding or the app)', () => {
    const wrong = files
      .filter((file) => within(file.rel, 'common', 'config', 'queue'))
      .flatMap((file) =>
        importsOf(file)
          .filter((target) => within(target, ...ABOVE_THE_FLOOR))
          .map((target) => `${file.rel} → ${target}`),
      );
    expect(wrong).toEqual([]);
  });

  it('only the read model, seeding, migrations and the data layer use the DataSource', () => {
    const allowed = (rel: string) =>
      within(rel, 'modules/read-model', 'seeding', 'database', 'data-source.ts');
    const wrong = files
      .filter((file) => !allowed(file.rel))
      .filter(
        (file) =>
          /@InjectDataSource\(/.test(file.text) ||
          /import\s+(?:type\s+)?\{[^}]*\bDataSource\b[^}]*\}\s+from\s+'typeorm'/.test(file.text),
      )
      .map((file) => file.rel);
    expect(wrong).toEqual([]);
  });

  it('no module is global but config; no forwardRef hides a cycle', () => {
    const globals = files
      .filter((file) => /@Global\(\)|\bglobal:\s*true\b/.test(file.text))
      .map((file) => file.rel);
    expect(globals).toEqual(['config/config.module.ts']);
    expect(files.filter((file) => /\bforwardRef\(/.test(file.text)).map((file) => file.rel)).toEqual([]);
  });

  it('a module writes only its own tables (SQL and entity-manager writes)', () => {
    // Table and entity class → owning module, from the entities themselves.
    const tableOwner = new Map<string, string>();
    const entityOwner = new Map<string, string>();
    for (const file of files.filter((f) => within(f.rel, 'modules') && f.rel.endsWith('.entity.ts'))) {
      const module = file.rel.split('/')[1];
      for (const match of file.text.matchAll(
        /@Entity\('([a-z_]+)'\)\s*(?:(?:@|\/\/)[^\n]+\s*)*export class (\w+)/g,
      )) {
        tableOwner.set(match[1], module);
        entityOwner.set(match[2], module);
      }
    }
    expect(tableOwner.size).toBeGreaterThan(15);
    const wrong: string[] = [];
    let checked = 0;
    for (const file of files.filter(
      (f) => within(f.rel, 'modules') && !within(f.rel, 'modules/read-model'),
    )) {
      const module = file.rel.split('/')[1];
      const sqlWrites = [
        ...file.text.matchAll(
          /(?<!\b(?:FOR|DO|ON|KEY)\s+)\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([a-z_]+)"?/g,
        ),
      ].map((match) => ({ target: match[1], owner: tableOwner.get(match[1]) }));
      const managerWrites = [
        ...file.text.matchAll(
          /\b(?:manager|em)\s*\.\s*(?:save|insert|update|upsert|delete|increment|decrement|softDelete|remove)\(\s*(\w+)\s*,/g,
        ),
        ...file.text.matchAll(/\.update\((\w+)\)\s*\.set\(/g),
      ].map((match) => ({ target: match[1], owner: entityOwner.get(match[1]) }));
      checked += sqlWrites.length + managerWrites.length;
      for (const write of [...sqlWrites, ...managerWrites])
        if (write.owner && write.owner !== module)
          wrong.push(`${file.rel} writes ${write.target} (${write.owner})`);
    }
    expect(checked).toBeGreaterThan(30);
    expect(wrong).toEqual([]);
  });

  it('SQL parameters are built one way (SqlParams), not by counting `$n` by hand', () => {
    const wrong = files
      .filter((file) => file.rel !== 'common/sql-params.ts' && !within(file.rel, 'database/migrations'))
      .filter((file) => /\$\$\{|\.replace\('\?',/.test(file.text))
      .map((file) => file.rel);
    expect(wrong).toEqual([]);
  });

  it('every module folder is on the page, and every module the page names exists', () => {
    const page = readFileSync(docs, 'utf8');
    const parts = page.slice(page.indexOf('src/modules/'), page.indexOf('apps/web '));
    const named = [...parts.matchAll(/^ {4}([a-z-]+(?:, [a-z-]+)*)(?: {2,}|$)/gm)].flatMap((m) =>
      m[1].split(', '),
    );
    const folders = readdirSync(join(src, 'modules')).filter((name) =>
      existsSync(join(src, 'modules', name)),
    );
    expect([...named].sort()).toEqual([...folders].sort());
  });
});
