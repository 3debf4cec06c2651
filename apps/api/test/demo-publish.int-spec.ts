import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PublishResult, Role } from '@duban/contracts';
import { SYSTEM_ACTOR } from '../src/common/actor';
import { AppError } from '../src/common/app-error';
import { DocumentsService } from '../src/modules/documents/documents.service';
import { PublishService } from '../src/modules/documents/publish.service';
import { isGroupPhrase, isShortForm, normalizeUnitName } from '../src/modules/units/unit-resolver';
import { readCsv, unitRowsOf } from '../src/modules/units/unit-rows';
import { UnitsService } from '../src/modules/units/units.service';
import { createTestApp, type TestApp } from './support/test-app';

const SEEDS = join(__dirname, '../../../seeds');

interface UnitRow {
  id: string;
  name: string;
  aliases: string[];
  region: string | null;
}

/**
 * Issue 8 §4 acceptance: every document of the demo seed, published with "create missing units" against the
 * base directory, creates no unit named by a group phrase and no second unit for one that already exists.
 */
describe('publishing the demo documents with createMissingUnits', () => {
  let t: TestApp;
  const supervisor = { ...SYSTEM_ACTOR, roles: ['supervisor'] as Role[] };
  let base: UnitRow[];
  let created: UnitRow[];
  const results: PublishResult[] = [];
  const seedResults: PublishResult[] = [];
  let withoutUnits = 0;

  beforeAll(async () => {
    t = await createTestApp();
    const rows = unitRowsOf(readCsv(readFileSync(join(SEEDS, 'base/units.csv'), 'utf8')));
    await t.app.get(UnitsService).importRows(SYSTEM_ACTOR, rows);
    base = await t.dataSource.query('SELECT id, name, aliases, region FROM unit');
    const documents = t.app.get(DocumentsService);
    const publishing = t.app.get(PublishService);
    const manifest = JSON.parse(readFileSync(join(SEEDS, 'demo/manifest.json'), 'utf8'));
    const ids: string[] = [];
    for (const file of manifest.compilations as string[])
      ids.push(
        ...(await documents.parseAndStore(supervisor, readFileSync(join(SEEDS, 'demo', file), 'utf8'), file)),
      );
    // First the documents the demo seed publishes, in its order and exactly as it does (seed-runner.ts).
    const seeded: string[] = [];
    for (const docNumber of manifest.publish as string[]) {
      const [row] = await t.dataSource.query('SELECT id FROM policy_document WHERE doc_number = $1', [
        docNumber,
      ]);
      seedResults.push(
        await publishing.publish(supervisor, row.id, {
          createMissingUnits: true,
          pastDeadlines: 'keep_late',
          acceptProposedAliases: true,
        }),
      );
      seeded.push(row.id);
    }
    for (const id of ids.filter((id) => !seeded.includes(id))) {
      const publish = (extra: object = {}) =>
        publishing.publish(supervisor, id, {
          createMissingUnits: true,
          pastDeadlines: 'keep_late',
          ...extra,
        });
      try {
        results.push(await publish());
      } catch (error) {
        const details =
          error instanceof AppError
            ? (error.details as { aliasProposals?: unknown[]; measuresWithoutUnits?: unknown[] })
            : null;
        // Measures the parser found no units for cannot be published by anyone (12 documents today; the
        // parser's part): they create nothing, so they cannot break what this suite checks.
        if (details?.measuresWithoutUnits?.length) {
          withoutUnits++;
          continue;
        }
        // A short form of an existing unit stops the publish until the supervisor takes the proposal.
        if (!details?.aliasProposals?.length) throw error;
        results.push(await publish({ acceptProposedAliases: true }));
      }
    }
    const ids_ = new Set(base.map((u) => u.id));
    created = (await t.dataSource.query('SELECT id, name, aliases, region FROM unit')).filter(
      (u: UnitRow) => !ids_.has(u.id),
    );
  }, 600_000);
  afterAll(() => t.close());

  it("publishes the seed's documents as the seed runner does", () => {
    expect(seedResults).toHaveLength(5);
    expect(seedResults.every((r) => r.tasksCreated > 0)).toBe(true);
  });

  it('publishes every document, tasks created', () => {
    expect(results.length + seedResults.length).toBeGreaterThan(20);
    expect(withoutUnits).toBeLessThanOrEqual(12);
    expect(results.every((r) => r.tasksCreated > 0)).toBe(true);
    // The short forms in the seed (市金融局, 市资源规划局, 省卫生健康委 …) became aliases.
    expect([...seedResults, ...results].flatMap((r) => r.aliasesConfirmed)).toEqual(
      expect.arrayContaining(['市金融局', '市资源规划局', '省卫生健康委']),
    );
  });

  it('creates no unit named by a group phrase', () => {
    expect(created.filter((u) => isGroupPhrase(u.name)).map((u) => u.name)).toEqual([]);
    const left = [...seedResults, ...results].flatMap((r) => r.groupPhrasesLeft);
    expect(left).toEqual(
      expect.arrayContaining(['各开发区管委会', '各审批职能部门', '市直各预算单位', '公共服务单位']),
    );
  });

  it('creates no second unit for one that exists under another name', () => {
    const duplicates = created.flatMap((unit) => {
      const name = normalizeUnitName(unit.name);
      const bare = name.replace(/^(省|市|县|区)/, '');
      return base
        .filter((b) => b.region === unit.region)
        .filter(
          (b) =>
            b.name === name ||
            b.aliases.includes(name) ||
            (unit.region !== null && b.name === unit.region + bare) ||
            isShortForm(name, b.name, unit.region),
        )
        .map((b) => `${unit.name} = ${b.name}`);
    });
    expect(duplicates).toEqual([]);
    // Nor two new units for one body within the created ones (市市场监管局 beside 市市场监督管理局).
    const twins = created.flatMap((a) =>
      created
        .filter((b) => a !== b && a.region === b.region && isShortForm(a.name, b.name, a.region))
        .map((b) => `${a.name} = ${b.name}`),
    );
    expect(twins).toEqual([]);
    for (const name of ['市金融局', '市政务办', '各开发区管委会', '市资源规划局'])
      expect(created.map((u) => u.name)).not.toContain(name);
  });
});
