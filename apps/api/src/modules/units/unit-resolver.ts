import type { UnitCandidate, UnitKind, UnitResolution } from '@duban/contracts';
import { isGenericUnit } from '@duban/policy-parser';

export interface DirectoryUnit {
  id: string;
  name: string;
  aliases: string[];
  kind: UnitKind;
  region: string | null;
  memberIds: string[];
  parentId?: string | null;
}

const LEVEL_PREFIX = /^(省|市|县|区)/;
/** Names that only mean something relative to the document's place: 市监局, 各县（市、区）人民政府, 有关部门. */
const RELATIVE_NAME = /^(省|市|县|区|各)|有关|相关/;
/** Phrases that stand for a class of units rather than one (beyond the parser's 各…/有关…/市直…). */
const GROUP_WORDS =
  /(公共服务|预算|企事业|事业|国有)单位$|^(各地|各级|各部门|各单位|责任单位|开发区|功能区管委会)$|^其他|^驻.{0,2}各|均为|^(县|区|市县|区县|县区|县市区)[（(〔〈]?[市县区、]*[）)〕〉]?(人民)?政府$/;
const MAX_CANDIDATES = 5;
const GENERIC_HEAD = /^(人民|中国|国家|综合|公共)/;

/** Folds what differs between a printed name and the directory: spaces, bracket and digit width. */
export function normalizeUnitName(name: string): string {
  return name
    .replace(/\s+/g, '')
    .replace(/[（(]/g, '（')
    .replace(/[）)]/g, '）')
    .replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0));
}

/** 各开发区管委会, 市直各预算单位, 公共服务单位, 各地, 有关部门: a class of units, never one unit. */
export function isGroupPhrase(name: string): boolean {
  const normalized = normalizeUnitName(name);
  return isGenericUnit(normalized) || GROUP_WORDS.test(normalized);
}

/**
 * One spelling for the groups a directory models: 市直相关部门, 有关部门和单位 and 市政府有关部门 all read
 * 有关部门; 各县〔市、区〕政府, 各县区政府 and 各地 read 县市区.
 */
function groupKey(name: string): string {
  const key = name
    .replace(/[（(〔〈【[）)〕〉】\]、]/g, '')
    .replace(/^(省|市|县|区)?(直|级|政府)?/, '')
    .replace(/^各/, '')
    .replace(/相关|各有关/g, '有关')
    .replace(/(部门)?和?单位$/, '部门')
    .replace(/(人民)?政府$/, '人民政府')
    .replace(/^县(市)?区/, '县市区');
  return key === '地' ? '县市区' : key;
}

/** 市行政审批局 in a 保定市 document also stands for 保定市行政审批局. */
function qualified(name: string, region: string | null): string[] {
  if (!region || name.startsWith(region)) return [name];
  return [name, region + name.replace(LEVEL_PREFIX, ''), region + name];
}

/**
 * The distinctive part of a name: without its place (保定市, 吉安, or a bare 市/县) and the government it sits
 * in — 保定市住房保障局 → 住房保障局, 市政府金融办 → 金融办, 湖南省人民政府办公厅 → 办公厅.
 */
function coreOf(name: string, region: string | null): string {
  const place = region?.replace(/(市|省|县|区|自治区|自治州)$/, '');
  const local = region && name.startsWith(region) ? name.slice(region.length) : name;
  const bare = place && place.length >= 2 && local.startsWith(place) ? local.slice(place.length) : local;
  return bare.replace(LEVEL_PREFIX, '').replace(/(人民)?政府/, '');
}

/**
 * Whether a candidate shares the name's head word (住房保障局 and 住房和城乡建设局 do, 住房保障局 and 医疗保障局
 * do not): the name's first two characters in the candidate, or the name abbreviates it from its first character
 * (发改委 → 发展和改革委员会).
 */
function sharesHead(core: string, target: string): boolean {
  if (core.length < 2 || target.length < 2) return false;
  // 人民银行 and 人民检察院 share only a generic word: such heads count with their third character.
  const head = core.slice(0, GENERIC_HEAD.test(core) ? 3 : 2);
  return target.includes(head) || (core[0] === target[0] && isSubsequence(core, target));
}

function isSubsequence(short: string, long: string): boolean {
  let at = 0;
  for (const char of long) if (char === short[at]) at++;
  return at === short.length;
}

/**
 * 金融局 is a short form of 地方金融监督管理局: same head word, every character in order, and the same kind of
 * body at the end (局, 委 of 委员会, 办 of 办公室).
 */
function abbreviates(core: string, target: string): boolean {
  return (
    core.length >= 3 &&
    core.length < target.length &&
    sharesHead(core, target) &&
    isSubsequence(core, target) &&
    target.slice(-3).includes(core[core.length - 1])
  );
}

/** Whether `short` reads as a short form of `full` in a document of `region` (市金融局 → 市地方金融监督管理局). */
export function isShortForm(short: string, full: string, region: string | null): boolean {
  return abbreviates(coreOf(normalizeUnitName(short), region), coreOf(normalizeUnitName(full), region));
}

function bigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  for (let i = 0; i < text.length - 1; i++)
    grams.set(text.slice(i, i + 2), (grams.get(text.slice(i, i + 2)) ?? 0) + 1);
  return grams;
}

/** Sørensen–Dice over character bigrams, on maps made once per string. */
function dice(left: Map<string, number>, right: Map<string, number>, lengths: number): number {
  if (lengths <= 2) return 0;
  let shared = 0;
  for (const [gram, count] of left) shared += Math.min(count, right.get(gram) ?? 0);
  return (2 * shared) / (lengths - 2);
}

interface Indexed {
  unit: DirectoryUnit;
  /** The unit's name and aliases without their place, with their bigrams. */
  cores: string[];
  grams: Map<string, number>[];
}

/**
 * Resolves printed unit names against the directory, scoped by the document's region: exact name, alias,
 * group (expanded to members, or flagged for a person to choose), a proposed alias for a short form of one
 * unit, fuzzy candidates that share the head word, or unresolved. Built once over the directory; a name is
 * compared only with the units its head characters point to, so a call costs the same on any directory size.
 */
export class UnitResolver {
  private readonly byName = new Map<string, DirectoryUnit[]>();
  private readonly byAlias = new Map<string, DirectoryUnit[]>();
  /** Region + first character or any bigram of a core → the units, for the head-word candidates. */
  private readonly byHead = new Map<string, Indexed[]>();
  private readonly byId = new Map<string, DirectoryUnit>();
  /** Region + group key → the directory's group units (市直有关部门, 各县（市、区）人民政府). */
  private readonly groups = new Map<string, DirectoryUnit[]>();
  /** One unit of each region, to climb to the regions above it. */
  private readonly regions = new Map<string, DirectoryUnit>();
  private readonly chains = new Map<string, Set<string | null>>();
  private readonly paths = new Map<string, string>();

  constructor(units: readonly DirectoryUnit[]) {
    for (const unit of units) {
      this.byId.set(unit.id, unit);
      if (unit.region && !this.regions.has(unit.region)) this.regions.set(unit.region, unit);
      push(this.byName, normalizeUnitName(unit.name), unit);
      for (const alias of unit.aliases) {
        for (const key of qualified(normalizeUnitName(alias), unit.region)) push(this.byAlias, key, unit);
      }
      if (unit.kind === 'group') {
        const keys = new Set(
          [unit.name, ...unit.aliases].map((n) => groupKey(coreOf(normalizeUnitName(n), unit.region))),
        );
        for (const key of keys) push(this.groups, headKey(unit.region, key), unit);
        continue;
      }
      const cores = [unit.name, ...unit.aliases].map((n) => coreOf(normalizeUnitName(n), unit.region));
      const entry = { unit, cores, grams: cores.map(bigrams) };
      const heads = new Set(cores.flatMap((core) => [core[0], ...bigrams(core).keys()]));
      for (const head of heads) if (head) push(this.byHead, headKey(unit.region, head), entry);
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
    if (isGroupPhrase(name)) {
      // A group the directory models for this region stands for it; any other stays a phrase to choose for.
      const [group, ...others] = region
        ? (this.groups.get(headKey(region, groupKey(coreOf(name, region)))) ?? [])
        : [];
      if (group && !others.length) return this.finish(printed, group, 'alias');
      return {
        name: printed,
        unitIds: [],
        status: 'group',
        needsChoice: true,
        groupPhrase: true,
        candidates: [],
      };
    }
    const regionUnknown = region !== null && !this.regions.has(region);
    const core = coreOf(name, region);
    const near = this.near(name, core, region);
    const proposed = near.filter((entry) => entry.cores.some((target) => abbreviates(core, target)));
    // The document's own region first: 市金融局 in a 郑州 notice is 郑州's, whatever the province has.
    const ownProposed = proposed.filter((entry) => entry.unit.region === region);
    const [only] = ownProposed.length === 1 ? ownProposed : proposed.length === 1 ? proposed : [];
    if (only) {
      const { unit } = only;
      return {
        name: printed,
        unitIds: [],
        status: 'alias_proposed',
        candidates: [this.candidate(unit, 1)],
        ...(regionUnknown && { regionUnknown }),
      };
    }
    // Every unit near by head word is a candidate; place and likeness order them.
    const grams = bigrams(core);
    const candidates = near
      .map(({ unit, cores, grams: targets }) => ({
        unit,
        score: Math.max(...targets.map((target, i) => dice(grams, target, core.length + cores[i].length))),
      }))
      // The document's own region before the province above it.
      .sort(
        (a, b) =>
          Number(b.unit.region === region) - Number(a.unit.region === region) ||
          b.score - a.score ||
          a.unit.name.localeCompare(b.unit.name),
      )
      .slice(0, MAX_CANDIDATES)
      .map(({ unit, score }) => this.candidate(unit, Math.round(score * 100) / 100));
    return {
      name: printed,
      unitIds: [],
      status: candidates.length ? 'fuzzy' : 'unresolved',
      candidates,
      ...(regionUnknown && { regionUnknown }),
    };
  }

  /**
   * Units that share the name's head word, from the document's region and the regions above it (a 郑州 notice
   * looks under 郑州 and 河南省); with no region, from anywhere; with a region the directory lacks, nowhere.
   */
  private near(name: string, core: string, region: string | null): Indexed[] {
    if (core.length < 2) return [];
    // 吉安海关 is not 吉安县人民政府: a government is a candidate only for a name that names one.
    const namesGovernment = /政府|管委会|^.{1,6}[县区旗]$/.test(name);
    const regions = region ? [...this.regionChain(region)] : [...this.regions.keys(), null];
    const seen = new Set<Indexed>();
    for (const place of regions) {
      for (const head of [core.slice(0, 2), core[0]]) {
        for (const entry of this.byHead.get(headKey(place, head)) ?? [])
          if (
            (entry.unit.kind !== 'government' || namesGovernment) &&
            entry.cores.some((target) => sharesHead(core, target))
          )
            seen.add(entry);
      }
    }
    return [...seen];
  }

  /** The region and those above it, read from the parents of one of the region's units. */
  private regionChain(region: string): Set<string | null> {
    let chain = this.chains.get(region);
    if (!chain) {
      // Units without a region (national bodies) belong to every place.
      chain = new Set([null]);
      for (
        let unit = this.regions.get(region);
        unit;
        unit = unit.parentId ? this.byId.get(unit.parentId) : undefined
      )
        chain.add(unit.region);
      this.chains.set(region, chain);
    }
    return chain;
  }

  private candidate(unit: DirectoryUnit, score: number): UnitCandidate {
    return { unitId: unit.id, name: unit.name, score, path: this.pathOf(unit) };
  }

  private pathOf(unit: DirectoryUnit): string {
    let path = this.paths.get(unit.id);
    if (path === undefined) {
      const names: string[] = [];
      for (let at: DirectoryUnit | undefined = unit; at && names.length < 10;) {
        names.unshift(at.name);
        at = at.parentId ? this.byId.get(at.parentId) : undefined;
      }
      path = names.join(' › ');
      this.paths.set(unit.id, path);
    }
    return path;
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
    const candidates = [this.candidate(unit, 1)];
    if (unit.kind !== 'group') return { name: printed, unitIds: [unit.id], status, candidates };
    const needsChoice = unit.memberIds.length === 0;
    return { name: printed, unitIds: unit.memberIds, status: 'group', needsChoice, candidates };
  }
}

const headKey = (region: string | null, head: string) => `${region ?? ''}|${head}`;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
