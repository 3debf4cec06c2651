import type { UnitCandidate, UnitKind, UnitResolution } from '@duban/contracts';

export interface DirectoryUnit {
  id: string;
  name: string;
  aliases: string[];
  kind: UnitKind;
  region: string | null;
  memberIds: string[];
}

const LEVEL_PREFIX = /^(省|市|县|区)/;
/** Names that only mean something relative to the document's place: 市监局, 各县（市、区）人民政府, 有关部门. */
const RELATIVE_NAME = /^(省|市|县|区|各)|有关|相关/;

/** Folds what differs between a printed name and the directory: spaces and bracket width. */
export function normalizeUnitName(name: string): string {
  return name.replace(/\s+/g, '').replace(/[（(]/g, '（').replace(/[）)]/g, '）');
}

/** 市行政审批局 in a 保定市 document also stands for 保定市行政审批局. */
function qualified(name: string, region: string | null): string[] {
  if (!region || name.startsWith(region)) return [name];
  return [name, region + name.replace(LEVEL_PREFIX, ''), region + name];
}

function bigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  for (let i = 0; i < text.length - 1; i++)
    grams.set(text.slice(i, i + 2), (grams.get(text.slice(i, i + 2)) ?? 0) + 1);
  return grams;
}

function dice(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const left = bigrams(a);
  const right = bigrams(b);
  let shared = 0;
  for (const [gram, count] of left) shared += Math.min(count, right.get(gram) ?? 0);
  return (2 * shared) / (a.length + b.length - 2);
}

/**
 * Resolves printed unit names against the directory, scoped by the document's region: exact name,
 * alias, group (expanded to members, or flagged for a person to choose), fuzzy candidates, or unresolved.
 */
export class UnitResolver {
  private readonly byName = new Map<string, DirectoryUnit[]>();
  private readonly byAlias = new Map<string, DirectoryUnit[]>();

  constructor(private readonly units: readonly DirectoryUnit[]) {
    for (const unit of units) {
      push(this.byName, normalizeUnitName(unit.name), unit);
      for (const alias of unit.aliases) {
        for (const key of qualified(normalizeUnitName(alias), unit.region)) push(this.byAlias, key, unit);
      }
    }
  }

  resolve(printed: string, region: string | null): UnitResolution {
    const name = normalizeUnitName(printed);
    const keys = qualified(name, region);
    // The document's own region first: 各县（市、区）人民政府 or 市监局 mean the local ones.
    const local = (unit: DirectoryUnit) => unit.region === region;
    const found =
      this.pick(keys, this.byName, local, 'exact') ??
      this.pick(keys, this.byAlias, local, 'alias') ??
      // Another region's unit only for a fully written name (保定海关), never for 市…/各… shorthands
      // unless the document's region is unknown and the name is unambiguous.
      (!region || !RELATIVE_NAME.test(name)
        ? (this.pick([name], this.byName, () => true, 'exact') ??
          this.pick([name], this.byAlias, () => true, 'alias'))
        : null);
    if (found) return this.finish(printed, found.unit, found.status);
    const candidates = this.fuzzy(name, region);
    return { name: printed, unitIds: [], status: candidates.length ? 'fuzzy' : 'unresolved', candidates };
  }

  private pick(
    keys: string[],
    index: Map<string, DirectoryUnit[]>,
    accept: (unit: DirectoryUnit) => boolean,
    status: 'exact' | 'alias',
  ): { unit: DirectoryUnit; status: 'exact' | 'alias' } | null {
    for (const key of keys) {
      const hits = (index.get(key) ?? []).filter(accept);
      // Two candidates (a bare name in two cities, with no region to tell them apart): refuse to guess.
      if (hits.length === 1) return { unit: hits[0], status };
    }
    return null;
  }

  private finish(printed: string, unit: DirectoryUnit, status: 'exact' | 'alias'): UnitResolution {
    if (unit.kind !== 'group') {
      return {
        name: printed,
        unitIds: [unit.id],
        status,
        candidates: [{ unitId: unit.id, name: unit.name, score: 1 }],
      };
    }
    const needsChoice = unit.memberIds.length === 0;
    return {
      name: printed,
      unitIds: unit.memberIds,
      status: 'group',
      needsChoice,
      candidates: [{ unitId: unit.id, name: unit.name, score: 1 }],
    };
  }

  private fuzzy(name: string, region: string | null): UnitCandidate[] {
    const scored: UnitCandidate[] = [];
    const stripped = name.replace(LEVEL_PREFIX, '');
    for (const unit of this.units) {
      if (unit.kind === 'group') continue;
      const local = unit.region === region;
      const target = normalizeUnitName(unit.name);
      const bare = local && region ? target.slice(region.length) : target;
      const best = Math.max(
        dice(name, target),
        dice(stripped, bare.replace(LEVEL_PREFIX, '')),
        ...unit.aliases.map((alias) => dice(name, normalizeUnitName(alias))),
      );
      // Units of another region only count when they are nearly identical.
      const score = local ? best : best - 0.15;
      if (score >= 0.5)
        scored.push({ unitId: unit.id, name: unit.name, score: Math.round(score * 100) / 100 });
    }
    return scored.sort((a, b) => b.score - a.score).slice(0, 5);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
