import { isConventionSentence } from './conventions';
import { arabicDate, looksLikeDeadline, parseDeadlineDetail } from './deadline';
import { looksLikeUnit, splitTopLevel, splitUnitPieces, type UnitPiece } from './units';

/** Who does a measure and by when, with positions in the compact measure text. */
export interface Assignment {
  /** Where the assignment (with its brackets) sits in the compact text. */
  start: number;
  end: number;
  lead: UnitPiece[];
  responsible: UnitPiece[];
  deadline: { text: string; start: number; end: number } | null;
  /** Text inside the clause that is neither a unit, a role word, a label nor a deadline. */
  leftover: string[];
}

type Parsed = Omit<Assignment, 'start' | 'end'>;
type Role = 'lead' | 'responsible' | 'deadline' | 'other';

const OPENERS = '（(〔[【';
const CLOSERS = '）)〕]】';

/** Role label words: 牵头单位, 责任部门, 配合单位, 支持单位, 落实单位, 完成时限, 时间节点, 截止时间 … */
const LABEL_WORDS = String.raw`(?:牵头|主责|主办|责任|负责|配合|协办|协同|参与)(?:单位|部门|处室|主体)?|(?:支持|协助|承办|落实|实施)(?:单位|部门)|(?:完成|整改|工作|落实|办结)?时限(?:要求)?|完成(?:时间|期限|日期)|时间(?:节点|要求|安排)|进度安排|截止(?:时间|日期)`;
/**
 * A role label: "牵头单位：", "【牵头单位】", "牵头单位为" (not "负责为企业…"), "完成时限为2025年…" (not
 * "办结时限为20个工作日"), "完成时限2023年…".
 */
const ROLE_LABEL_RE = new RegExp(
  String.raw`【(${LABEL_WORDS})】|(${LABEL_WORDS})(?:[:：]|(?<=单位|部门|处室|主体)为(?=[\u4e00-\u9fa5])|(?<=时限|时间)为(?=\d{4}|\d{1,2}月|长期|持续)|(?<=时限)(?=\d))`,
  'g',
);
/** Any other short label ("完成标准：", "实施范围：", "工作目标："): its value is not a unit. */
const OTHER_LABEL_RE = /[\u4e00-\u9fa5]{2,6}[:：]/g;

const roleOfLabel = (label: string): Role =>
  /^(牵头|主责|主办)/.test(label)
    ? 'lead'
    : /时限|时间|期限|日期|进度/.test(label)
      ? 'deadline'
      : 'responsible';

/**
 * A role tail closing a clause of unit names: "牵头", "主办", "负责", "按职责分工负责", "配合完成",
 * "按职责完成有关工作" … Lead tails first.
 */
const LEAD_TAIL_RE =
  /(?:牵头(?:负责|落实|推进|实施|抓总)?|主责|主办|总牵头|负总责|总负责|(?:为|作为)牵头(?:单位|部门))$/;
const RESPONSIBLE_TAIL_RE =
  /(?:(?:为|作为)(?:责任|配合)(?:单位|部门)$)|(?:要|应)?(?:按照?|根据|依据)?(?:各自)?(?:职责|职能)?(?:分工)?(?:分别|共同|具体|协同|配合)?(?:负责|配合|协办|参与|落实|推进|实施|完成|抓好落实|抓落实)(?:落实|推进|实施|完成)?(?:有关|相关)?(?:工作)?$/;
/** "市发改委会同市财政局（负责）": the first leads, the second is responsible. */
const TOGETHER_RE = /^(.+?)会同(.+?)(?:共同)?(?:负责|推进|落实|实施|办理)?$/;

const looksLikeName = (s: string) =>
  looksLikeUnit(s) ||
  (s.length >= 2 && s.length <= 20 && !/[。：:！？；;]|^\d|[的了]/.test(s) && !looksLikeDeadline(s));

/** A character that ends organisation names, or 各, or a label: a bracket without one assigns nothing. */
const UNITISH_RE = /[局委办厅院府司行会室处所站队馆社联区县市旗镇乡署组台校盟园场心科股门位关各：:]/;

const LEAD_MARK_RE = /[（(]牵头(?:单位|部门)?[）)]$/;
const ROLE_WORD_RE = /牵头|主责|主办|负责|配合|协办|参与|落实|推进|实施|完成|会同|[:：]/;

const shift = (pieces: UnitPiece[], by: number) =>
  pieces.map((p) => ({ ...p, start: p.start + by, end: p.end + by }));
const empty = (): Parsed => ({ lead: [], responsible: [], deadline: null, leftover: [] });

/** Bracket groups at depth 0: [open, close] (close = text.length when never closed). */
function bracketGroups(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let depth = 0;
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (OPENERS.includes(c)) {
      if (depth === 0) open = i;
      depth++;
    } else if (CLOSERS.includes(c) && depth > 0) {
      depth--;
      if (depth === 0) out.push([open, i]);
    }
  }
  if (depth > 0 && open >= 0) out.push([open, text.length]);
  return out;
}

/** Whether the bracket opening at `at` is never closed ("…（责任单位：市X局" cut off). */
export function unclosedAt(text: string, at: number): boolean {
  if (!OPENERS.includes(text[at]) || CLOSERS.includes(text[text.length - 1])) return false;
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    if (OPENERS.includes(text[i])) depth++;
    else if (CLOSERS.includes(text[i]) && --depth === 0) return false;
  }
  return true;
}

interface Clause {
  role: Role | null;
  from: number;
  to: number;
}

/**
 * Reads unit clauses joined by role words: "X牵头，Y配合", "由X负责", "X、Y按职责分工负责",
 * "X会同Y", "X负责，Y参与", or a bare list. `fallback` is the role of clauses with no role word
 * (a label's role, or null when a bare list does not count). Returns null when the text does not
 * read as an assignment.
 */
function parseClauses(
  text: string,
  base: number,
  fallback: Role | null,
  strict: boolean,
  labelled = false,
): Parsed | null {
  const result = empty();
  let roleSeen = false;
  let units = 0;
  let bad = 0;
  for (const [s0, s1] of splitTopLevel(text, '。')) {
    const sentence = text.slice(s0, s1);
    if (!sentence.replace(/[\s，,；;]/g, '')) continue;
    if (isConventionSentence(sentence)) continue;
    const clauses: Clause[] = [];
    for (const [a, b] of splitTopLevel(sentence, '，,；;')) {
      const clause = sentence.slice(a, b);
      if (!clause) continue;
      if (looksLikeDeadline(clause.replace(/^(?:于|在)/, ''))) {
        const t = clause
          .replace(/^(?:于|在)/, '')
          .replace(/(?:前)?完成$/, (m) => (m.startsWith('前') ? '前' : ''));
        const at = clause.indexOf(t);
        result.deadline = { text: t, start: base + s0 + a + at, end: base + s0 + a + at + t.length };
        continue;
      }
      const role = LEAD_TAIL_RE.test(clause)
        ? 'lead'
        : RESPONSIBLE_TAIL_RE.test(clause)
          ? 'responsible'
          : null;
      if (role) roleSeen = true;
      clauses.push({ role, from: s0 + a, to: s0 + b });
    }
    // a clause with no role word takes the role of the next one that has it ("X，Y牵头")
    let next: Role | null = null;
    for (let k = clauses.length - 1; k >= 0; k--) {
      if (clauses[k].role) next = clauses[k].role;
      else clauses[k].role = next;
    }
    const afterLead = clauses.some((c) => c.role === 'lead');
    for (const c of clauses) {
      // under a label the label decides, except "X牵头" inside a 责任单位 list
      let role =
        labelled && fallback
          ? c.role === 'lead'
            ? 'lead'
            : fallback
          : (c.role ?? fallback ?? (afterLead ? 'responsible' : null));
      if (!role) role = 'other';
      let body = text.slice(c.from, c.to);
      let at = c.from;
      const together = TOGETHER_RE.exec(body);
      if (together && looksLikeUnit(together[1].replace(/^由/, ''))) {
        const left = shift(splitUnitPieces(together[1]), base + at);
        const rightAt = at + together[1].length + 2;
        const right = shift(splitUnitPieces(together[2]), base + rightAt);
        result.lead.push(...left);
        result.responsible.push(...right.filter((p) => looksLikeUnit(p.name)));
        units += left.length + right.length;
        roleSeen = true;
        continue;
      }
      const lead = role === 'lead' ? LEAD_TAIL_RE.exec(body) : null;
      if (lead) body = body.slice(0, lead.index);
      if (body.startsWith('由')) {
        body = body.slice(1);
        at++;
      }
      const pieces = shift(splitUnitPieces(body), base + at);
      for (const piece of pieces) {
        // "市发改委（牵头）" inside a list: that unit leads
        const marked = LEAD_MARK_RE.exec(piece.name);
        const p = marked
          ? { ...piece, name: piece.name.slice(0, marked.index), end: piece.end - marked[0].length }
          : piece;
        if (marked && looksLikeUnit(p.name)) {
          units++;
          result.lead.push(p);
          continue;
        }
        // under a label a short name counts ("人行赣州市中支", "赣州国际陆港"); elsewhere it must end like one
        if (!(labelled ? looksLikeName(p.name) : looksLikeUnit(p.name))) {
          bad++;
          result.leftover.push(p.name);
        } else if (role === 'other') {
          bad++;
          result.leftover.push(p.name);
        } else {
          units++;
          (role === 'lead' ? result.lead : result.responsible).push(p);
        }
      }
    }
  }
  if (!units || (!roleSeen && !fallback) || bad > units || (strict && bad)) return null;
  return result;
}

/** Parses "牵头单位：X；责任单位：Y；完成时限：Z" (labels in any order, any separators). */
function parseLabelled(inner: string, base: number, inBracket = true): Parsed | null {
  const role = [...inner.matchAll(ROLE_LABEL_RE)].map((m) => ({
    at: m.index,
    end: m.index + m[0].length,
    role: roleOfLabel(m[1] ?? m[2]),
  }));
  if (!role.length) return null;
  const other = [...inner.matchAll(OTHER_LABEL_RE)]
    .filter((m) => !role.some((r) => m.index < r.end && m.index + m[0].length > r.at))
    .map((m) => ({ at: m.index, end: m.index + m[0].length, role: 'other' as Role }));
  const labels = [...role, ...other].sort((a, b) => a.at - b.at);
  const result = empty();
  const head = inner.slice(0, labels[0].at).replace(/[\s，,；;。.、]/g, '');
  if (head) {
    const parsed = looksLikeDeadline(head)
      ? null
      : parseClauses(inner.slice(0, labels[0].at), base, null, false);
    if (parsed) merge(result, parsed);
    else if (!looksLikeDeadline(head)) result.leftover.push(head);
  }
  labels.forEach((l, k) => {
    const to = k + 1 < labels.length ? labels[k + 1].at : inner.length;
    let value = inner.slice(l.end, to);
    const stop = value.indexOf('。');
    if (stop >= 0) {
      const rest = value.slice(stop + 1).replace(/[\s，,；;。]/g, '');
      if (rest && inBracket && !isConventionSentence(value.slice(stop + 1))) result.leftover.push(rest);
      value = value.slice(0, stop);
    }
    if (l.role === 'other') {
      // "保障单位：市财政局": units under a label of no known role are not dropped unseen
      const label = inner.slice(l.at, l.end);
      const left = value.replace(/[\s，,；;。.、]/g, '');
      if (/(?:单位|部门)[:：]$/.test(label) && left) result.leftover.push(label + left);
      return;
    }
    if (l.role === 'deadline') {
      const trimmed = value.replace(/[；;，,。.、\s]+$/, '');
      if (trimmed)
        result.deadline = { text: trimmed, start: base + l.end, end: base + l.end + trimmed.length };
      return;
    }
    const parsed = parseClauses(value, base + l.end, l.role, false, true);
    if (parsed) merge(result, parsed);
    else {
      const left = value.replace(/[\s，,；;。.、]/g, '');
      if (left) result.leftover.push(left);
    }
  });
  return result;
}

function merge(into: Parsed, from: Parsed): void {
  into.lead.push(...from.lead);
  into.responsible.push(...from.responsible);
  into.leftover.push(...from.leftover);
  if (from.deadline) into.deadline = from.deadline;
}

/**
 * Reads a table cell under a 牵头单位 or 责任单位 column ("X牵头；Y按职责负责"): the column is the
 * label, so every name in it counts; what is not a name comes back as leftover.
 */
export function parseAssignmentText(text: string, role: 'lead' | 'responsible' = 'responsible'): Parsed {
  const parsed = parseLabelled(text, 0) ?? parseClauses(text, 0, role, false, true);
  if (parsed) return parsed;
  const left = text.replace(/[\s，,；;。、—\-－–/／无]/g, '');
  return { ...empty(), leftover: left ? [text] : [] };
}

/**
 * Finds every assignment clause of a measure in its compact text: bracketed groups of any kind that
 * read as one (labels, role words, or a bare unit list closing the measure), labels written as plain
 * sentences ("牵头单位：X。责任单位：Y。"), and a closing sentence made only of units and role words
 * ("由市发改委负责。").
 */
export function findAssignments(text: string, from = 0): Assignment[] {
  const groups = bracketGroups(text).filter(([o]) => o >= from);
  const out: Assignment[] = [];
  // labels outside brackets: from the first one to the end of the measure (or a labelled bracket)
  let labelAt = -1;
  for (const m of text.matchAll(ROLE_LABEL_RE)) {
    if (m.index < from || groups.some(([o, c]) => m.index > o && m.index < c)) continue;
    labelAt = m.index;
    break;
  }
  // a labelled bracket after the label run ends it ("完成时限为2025年底。（牵头单位：…）")
  const runEnd =
    labelAt < 0
      ? -1
      : (groups.find(([o, c]) => o > labelAt && isLabelled(text.slice(o + 1, c)))?.[0] ?? text.length);
  groups.forEach(([open, close], g) => {
    if (labelAt >= 0 && open > labelAt && open < runEnd) return;
    const inner = text.slice(open + 1, close);
    // "（试行）", "（2023年）": no unit-like word, no assignment (cheap test before the parse)
    if (!UNITISH_RE.test(inner)) return;
    const isLast = g === groups.length - 1 && /^[。.；;，,\s]*$/.test(text.slice(close + 1));
    // only a closing bracket may be a bare unit list; any other needs a role word or a label
    if (!isLast && !ROLE_WORD_RE.test(inner)) return;
    const parsed =
      parseLabelled(inner, open + 1) ?? parseClauses(inner, open + 1, isLast ? 'responsible' : null, false);
    if (parsed && (parsed.lead.length || parsed.responsible.length || (parsed.deadline && isLabelled(inner))))
      out.push({ start: open, end: Math.min(text.length, close + 1), ...parsed });
  });
  if (labelAt >= 0) {
    const parsed = parseLabelled(text.slice(labelAt, runEnd), labelAt, false);
    if (parsed) out.push({ start: labelAt, end: runEnd, ...parsed });
  } else if (!out.some((a) => /^[。.；;，,\s]*$/.test(text.slice(a.end)))) {
    const closing = closingSentence(text, from);
    if (closing) out.push(closing);
  }
  return out;
}

const ROLE_LABEL_ONE = new RegExp(ROLE_LABEL_RE.source);
const isLabelled = (s: string) => ROLE_LABEL_ONE.test(s);

/** A sentence that is only a deadline: "2024年6月底前完成", "长期坚持". */
const DEADLINE_SENTENCE_RE =
  /^(?:于|在)?(?:\d{4}\s*年|\d{1,2}\s*月)[^，,；;：:]{0,14}$|^(?:长期|持续|常态化)[\u4e00-\u9fa5]{0,2}$/;

/**
 * "…。市发改委牵头，市财政局配合。" closing the measure, outside brackets, optionally followed by a
 * sentence that is only its deadline ("…。市行政审批局负责。2024年6月底前完成。").
 */
function closingSentence(text: string, from: number): Assignment | null {
  const body = text.replace(/[。.；;\s]+$/, '');
  let stop = Math.max(body.lastIndexOf('。'), from - 1);
  let unitsEnd = body.length;
  if (stop >= from && DEADLINE_SENTENCE_RE.test(arabicDate(body.slice(stop + 1)))) {
    unitsEnd = stop;
    stop = Math.max(body.lastIndexOf('。', stop - 1), from - 1);
  }
  if (stop < from || unitsEnd - stop > 80) return null;
  const sentence = body.slice(stop + 1);
  let units = body.slice(stop + 1, unitsEnd);
  // "由X负责，长期坚持": the deadline may close the same sentence
  const comma = Math.max(units.lastIndexOf('，'), units.lastIndexOf(','));
  if (comma > 0 && looksLikeDeadline(units.slice(comma + 1))) units = units.slice(0, comma);
  if (/[（(〔【[]/.test(sentence[0] ?? '') || !(LEAD_TAIL_RE.test(units) || RESPONSIBLE_TAIL_RE.test(units)))
    return null;
  const parsed = parseClauses(sentence, stop + 1, null, true);
  if (!parsed || !(parsed.lead.length + parsed.responsible.length)) return null;
  return { start: stop + 1, end: text.length, ...parsed };
}

/** Orders deadlines: dates by date (any year stands in for a missing one), ongoing before them, unread first. */
function deadlineKey(text: string): string {
  const d = parseDeadlineDetail(text, 2000);
  return d.deadline ?? (d.ongoing ? '0' : '');
}

/**
 * The latest of several deadlines (clauses of a measure, rows of a table) and, when they name different
 * times ("完成时限：2023年2月" in one, "2023年底前" in another), each time once; [] when they agree.
 */
export function latestDeadline<T extends { text: string }>(
  all: T[],
): { latest: T | null; different: string[] } {
  const byKey = new Map<string, string>();
  let latest: T | null = null;
  let best = '';
  for (const d of all) {
    const key = deadlineKey(d.text);
    if (!byKey.has(key)) byKey.set(key, d.text);
    if (!latest || key >= best) {
      latest = d;
      best = key;
    }
  }
  return { latest, different: byKey.size > 1 ? [...byKey.values()] : [] };
}

const deadlinesOf = (all: Assignment[]) => all.flatMap((a) => (a.deadline ? [a.deadline] : []));

/** The deadlines of a measure's clauses when they name different times. The merge keeps the latest. */
export function conflictingDeadlines(all: Assignment[]): string[] {
  return latestDeadline(deadlinesOf(all)).different;
}

/** The measure's clauses merged: units by role (a unit leads if any clause says so), the latest deadline. */
export function mergeAssignments(all: Assignment[]): Parsed {
  const result = empty();
  const seen = new Set<string>();
  const add = (into: UnitPiece[], p: UnitPiece) => {
    if (seen.has(p.name)) return;
    seen.add(p.name);
    into.push(p);
  };
  for (const a of all) for (const p of a.lead) add(result.lead, p);
  for (const a of all) for (const p of a.responsible) add(result.responsible, p);
  for (const a of all) result.leftover.push(...a.leftover);
  result.deadline = latestDeadline(deadlinesOf(all)).latest;
  return result;
}
