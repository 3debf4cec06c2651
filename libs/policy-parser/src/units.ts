import type { Located } from './draft';
import { compactString } from './text-map';

/** A unit name found in a compact string, with its position there. */
export interface UnitPiece {
  name: string;
  start: number;
  end: number;
}

const OPEN = '（(〔[【《“‘「『〈';
const CLOSE = '）)〕]】》”’」』〉';
const SEPARATORS = '、，,；;/／';

/** Last characters of organisation names: 局, 委, 办, 中心, 人民政府, 公司, 支行, 单位, 部门 … */
const UNIT_END_RE = /[局委办厅院府司团行关位门部会室处所站队馆社联区县市旗镇乡署组台校盟园场心科股处]$/;
/** Endings that only organisation names have: a name before 和 is complete. */
const STRONG_UNIT_END_RE = /(局|委|办|厅|院|府|会|司|关|行|中心|单位|部门|政府)$/;
/** Bare collective nouns left after "X等部门": not units by themselves. */
const BARE_GROUP_RE = /^(部门|单位|机构|部门单位|单位部门|处室|科室|等)$/;
/**
 * A head noun with no place of its own: "各级党委和政府" and "各县（市、区）党委、政府" name the 各级 and 各县
 * bodies, not a unit "政府"; the place printed before the first head is shared.
 */
const BARE_HEAD_RE = /^(?:(?:人民)?政府|党委|党组|党工委|管委会|人大(?:常委会)?|政协)$/;
/** Verb tails after a unit list: "按职责分工负责", "按照职能负责", "牵头", "配合" … */
const VERB_TAIL_RES = [
  /(?:要|应)?(?:按照?|根据|依据)(?:各自)?(?:职责|职能)(?:分工)?(?:分别)?(?:牵头)?(?:负责|落实|推进|实施|完成|抓好落实)?(?:有关|相关)?(?:工作)?$/,
  /(?:分别|共同|具体|协同|分工|牵头|配合)?(?:牵头负责|负责|配合|参与|协办|主办|落实|推进|实施|完成|抓落实)(?:完成|落实)?(?:有关|相关)?(?:工作)?$/,
  /牵头$/,
  /(?:为|作为)(?:牵头|责任|配合)(?:单位|部门)$/,
  /等$/,
];
/** Modal verbs of a requirement (要, 须, 应): 应急 and 要素 are words of names. */
const MODAL_RE = /(?<![重主])要(?!素)|须|应(?!急)/;
const EMPTY_RE = /^[—\-－–/／\\无暂无略]*$/;

/** True when the text ends like an organisation name. */
export function looksLikeUnit(s: string): boolean {
  if (s.length < 2 || s.length > 40) return false;
  if (/[。：:！？?]/.test(s) || /^[\d.．、]+$/.test(s) || /^\d+[.．、]/.test(s)) return false;
  // a clause with a verb in it ("X负责本辖区…督办") is not a name
  if (/负责|配合|落实|开展|推进|应当|按照|牵头(?!单位|部门)/.test(s)) return false;
  // "各乡镇要明确专人（负责）": a sentence about the 各 bodies, not a name
  if (s.startsWith('各')) return !MODAL_RE.test(s);
  const t = s.replace(/[（(][^（()）]*[）)]$/, '');
  return UNIT_END_RE.test(t) || UNIT_END_RE.test(s);
}

/** Splits at separators that are outside brackets and quotes; returns [start, end) ranges. */
export function splitTopLevel(s: string, seps: string = SEPARATORS): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (OPEN.includes(ch)) depth++;
    else if (CLOSE.includes(ch)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && seps.includes(ch)) {
      out.push([from, i]);
      from = i + 1;
    }
  }
  out.push([from, s.length]);
  return out;
}

/** Indexes of any of `chars` at bracket depth 0. */
function topLevelIndexes(s: string, chars: string): number[] {
  const out: number[] = [];
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (OPEN.includes(c)) depth++;
    else if (CLOSE.includes(c)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && chars.includes(c)) out.push(i);
  }
  return out;
}

function trimPiece(s: string, start: number, end: number): [number, number] {
  // leading joiners and punctuation, trailing punctuation and verb tails
  for (;;) {
    const before = [start, end];
    while (start < end && /[\s、，,；;。.：:]/.test(s[start])) start++;
    if (/[及和与由]/.test(s[start] ?? '')) start++;
    while (end > start && /[\s、，,；;。.：:]/.test(s[end - 1])) end--;
    const piece = s.slice(start, end);
    for (const re of VERB_TAIL_RES) {
      const m = re.exec(piece);
      if (m && m[0]) {
        end = start + m.index;
        break;
      }
    }
    if (before[0] === start && before[1] === end) return [start, end];
  }
}

/**
 * Splits a compact unit list ("市发改委、市林业局等部门按照职能负责", "X等市级有关单位，各区人民政府")
 * into names with positions. Separators inside brackets or quotes do not split; "X等Y" gives X and
 * the group Y (a bare "部门" is dropped); "X及Y" and "X和Y" split when X is a complete name.
 */
export function splitUnitPieces(s: string): UnitPiece[] {
  const out: UnitPiece[] = [];
  for (const [a, b] of joinSlashes(s, mergeLevelLists(s, splitTopLevel(s)))) {
    for (const [c, d] of splitJoiner(s, a, b, '及和与')) {
      for (const [e, f] of splitJoiner(s, c, d, '等')) {
        const [start, end] = trimPiece(s, e, f);
        const name = s.slice(start, end);
        if (!name || EMPTY_RE.test(name) || BARE_GROUP_RE.test(name)) continue;
        out.push({ name, start, end });
      }
    }
  }
  return out;
}

/** The name in s[a,b) with joiners, punctuation and verb tails trimmed. */
function pieceName(s: string, a: number, b: number): string {
  const [start, end] = trimPiece(s, a, b);
  return s.slice(start, end);
}

/**
 * "各市、州、县人民政府" and "各市州、县市区人民政府" are one unit: an enumeration of administrative
 * levels sharing one head noun. A single level character, or a "各"+levels piece followed by a piece
 * of levels and the head noun, joins its neighbour; so does a bare head after the first ("党委、政府").
 */
function mergeLevelLists(s: string, ranges: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let k = 0; k < ranges.length; k++) {
    const [a, b] = ranges[k];
    const single = b - a === 1 && /[市州县区乡镇盟旗]/.test(s[a]);
    const prev = out.at(-1);
    if (prev && LIST_SEP_RE.test(s[a - 1]) && BARE_HEAD_RE.test(pieceName(s, a, b))) {
      // "各县（市、区）党委、政府": one unit, as "各级党委和政府" (nothing is expanded)
      prev[1] = b;
    } else if (single && out.length && k + 1 < ranges.length && LIST_SEP_RE.test(s[b])) {
      out[out.length - 1] = [out[out.length - 1][0], ranges[k + 1][1]];
      k++;
    } else if (
      LIST_SEP_RE.test(s[b]) &&
      k + 1 < ranges.length &&
      /^各[市州县区乡镇盟旗]{1,3}$/.test(s.slice(a, b)) &&
      // the head piece may carry the list's verb tail ("县（区）人民政府按职责分工负责")
      LEVEL_HEAD_RE.test(pieceName(s, ...ranges[k + 1]))
    ) {
      out.push([a, ranges[k + 1][1]]);
      k++;
    } else out.push([a, b]);
  }
  return out;
}
/** 各县/市/区 lists levels as 各县、市、区 does. */
const LIST_SEP_RE = /^[、/／]$/;
const LEVEL_HEAD_RE =
  /^[市州县区乡镇盟旗]{1,4}(?:[（(〈〔][市州县区乡镇盟旗、]{1,6}[）)〉〕])?(?:人民)?政府$/;

/**
 * One office under two names (合署办公): 纪委 and 监委, 党校 and 行政学院. "市纪委/市监委" names that one
 * office, so it stays one unit, as printed.
 */
const JOINT_OFFICE_NAMES: Array<[RegExp, RegExp]> = [
  [/纪委$/, /监委$/],
  [/党校$/, /行政学院$/],
];

/**
 * "A/B" is two units only when both sides are whole names (市金融办/市财政局) of two offices: not 县纪委/监委,
 * not 市纪委/市监委.
 */
function joinSlashes(s: string, ranges: Array<[number, number]>): Array<[number, number]> {
  const name = ([a, b]: [number, number]) => pieceName(s, a, b);
  const whole = (n: string) => n.length >= 3 && looksLikeUnit(n);
  const oneOffice = (left: string, right: string) =>
    JOINT_OFFICE_NAMES.some(([l, r]) => l.test(left) && r.test(right));
  const out: Array<[number, number]> = [];
  for (const range of ranges) {
    const prev = out.at(-1);
    if (!prev || !/[/／]/.test(s[prev[1]])) out.push([...range]);
    else {
      const [left, right] = [name(prev), name(range)];
      if (whole(left) && whole(right) && !oneOffice(left, right)) out.push([...range]);
      else prev[1] = range[1];
    }
  }
  return out;
}

/** Splits s[a,b) at depth-0 `joiners` characters that follow a complete unit name. */
function splitJoiner(s: string, a: number, b: number, joiners: string): Array<[number, number]> {
  const sub = s.slice(a, b);
  const cuts = topLevelIndexes(sub, joiners).filter((i) => {
    // "X以及Y": the 以 belongs to the joiner
    const left = sub
      .slice(0, sub[i] === '及' && sub[i - 1] === '以' ? i - 1 : i)
      .replace(/^.*[、，,；;]/, '');
    const right = sub.slice(i + 1);
    if (i === 0 || i === sub.length - 1 || !looksLikeUnit(left) || /^(级|同|待|于)/.test(right)) return false;
    // 和 also joins words inside names ("市房地产市场和产权交易管理中心", "相关部门和单位")
    if (sub[i] !== '和' && sub[i] !== '与') return true;
    const next = right.split(/[及和等]/)[0];
    const [rs, re] = trimPiece(next, 0, next.length);
    const rightName = next.slice(rs, re);
    return STRONG_UNIT_END_RE.test(left) && !BARE_GROUP_RE.test(rightName) && !BARE_HEAD_RE.test(rightName);
  });
  // a trailing "等" with nothing useful after it is handled by trimPiece
  const out: Array<[number, number]> = [];
  let from = a;
  for (const i of cuts) {
    out.push([from, a + (sub[i] === '及' && sub[i - 1] === '以' ? i - 1 : i)]);
    from = a + i + 1;
  }
  out.push([from, b]);
  return out;
}

/** Whether src[start, end) holds a space or tab (not a line break); no slice, it runs on every unit. */
function holdsInlineSpace(src: string, { start, end }: { start: number; end: number }): boolean {
  for (let i = start; i < end; i++) {
    const c = src.charCodeAt(i);
    if (c === 32 || c === 9 || c === 0x3000 || c === 0xa0) return true;
  }
  return false;
}

/**
 * "市发展改革委 市住建局 市生态环境局": names set apart by spaces alone, on one line, which the compact
 * text glued into one. Each located unit whose source holds such spaces is split there when every part
 * is a whole name beginning like the first (or with 各); "市 住建局", "县市场 监管局" and
 * "各县（市、区） 人民政府" stay one name. A line break is never a separator (PDF wrapping).
 */
export function splitSpacedUnits(src: string, units: Located[]): Located[] {
  if (!units.some((u) => holdsInlineSpace(src, u.span))) return units;
  return units.flatMap((u) => {
    if (!holdsInlineSpace(src, u.span)) return [u];
    const raw = src.slice(u.span.start, u.span.end);
    // a name joined across a page break spans other text: left alone
    if (compactString(raw) !== u.text) return [u];
    const parts: Array<[number, number]> = [];
    let from = 0;
    for (const m of raw.matchAll(/\s+/g)) {
      if (/[\r\n]/.test(m[0])) continue;
      parts.push([from, m.index]);
      from = m.index + m[0].length;
    }
    if (!parts.length) return [u];
    parts.push([from, raw.length]);
    const names = parts.map(([a, b]) => compactString(raw.slice(a, b)));
    const whole = names.every(
      (n, k) => n.length >= 3 && looksLikeUnit(n) && (k === 0 || n[0] === names[0][0] || n.startsWith('各')),
    );
    if (!whole) return [u];
    return parts.map(([a, b], k) => ({
      text: names[k],
      span: { start: u.span.start + a, end: u.span.start + b },
    }));
  });
}

/** Unit names from a list typed or pasted by a person: whitespace removed, never expanded. */
export function splitUnitList(text: string): string[] {
  return splitUnitPieces(compactString(text)).map((p) => p.name);
}

/** Names that stand for several units and need a person to pick the real ones. */
export function isGenericUnit(name: string): boolean {
  return /^各|有关|相关|成员单位|职能部门|等/.test(name) || /^(市直|省直|区直|县直)/.test(name);
}
