import { TOTAL_CAP, type AuditActorOption, type AuditEntryView, type CappedPage } from '@duban/contracts';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../common/actor';
import { assertPageWithinCap, cappedTotal } from '../../common/capped-total';
import { SqlParams } from '../../common/sql-params';
import { onReplica } from '../../database/transactions';
import { inSubtreeSql, scopeOf } from '../units/jurisdiction';

// The audit trail as people read it: entries filtered by who did them (their unit, in the reader's
// jurisdiction) and shown with the doer's unit. Reads audit_entry, app_user and unit.

export async function auditTrail(
  dataSource: DataSource,
  caller: Actor,
  query: AuditTrailQuery,
): Promise<CappedPage<AuditEntryView>> {
  // Counting the whole trail took 8 s at 1M.
  assertPageWithinCap(query.page, query.pageSize);
  const skip = (query.page - 1) * query.pageSize;
  const reach = skip + query.pageSize;
  // The page: the trail's first `reach` rows as (at, id) (how many: `matched`), the entries of the last pageSize.
  const page = (shape: Shape) => {
    const params = new SqlParams();
    const sql = `WITH m AS MATERIALIZED (${trailRows(caller, query, params, { take: reach, ordered: true, shape })})
      SELECT e.id, e.at, e.actor_id, e.actor_name, e.action, e.entity_type, e.entity_id, e.before, e.after,
             (SELECT count(*)::int FROM m) AS matched
        FROM (SELECT m.at, m.id FROM m ORDER BY m.at DESC, m.id DESC OFFSET ${params.add(skip)}) p
        JOIN audit_entry e ON e.at = p.at AND e.id = p.id
       ORDER BY e.at DESC, e.id DESC`;
    return [sql, params.values] as const;
  };
  // The total: up to the cap and one more, in no order.
  const countParams = new SqlParams();
  const countSql = `SELECT count(*)::int AS n FROM (${trailRows(caller, query, countParams, { take: TOTAL_CAP + 1, ordered: false, shape: 'all' })}) capped`;
  // The trail may lag the primary by a moment: read it from a replica when there is one.
  const [rows, counted] = await onReplica(dataSource, async (manager) => {
    let rows: AuditRow[] = await manager.query(...page('window'));
    // The newest rows held fewer than the page's end of the people's: each person's newest, merged.
    if (byPeople(caller, query) && !(rows[0]?.matched >= reach)) rows = await manager.query(...page('all'));
    const [{ n }]: { n: number }[] = await manager.query(countSql, countParams.values);
    return [rows, n] as const;
  });
  const units = await actorUnits(
    dataSource,
    rows.map((row) => row.actor_id),
  );
  return {
    items: rows.map((row) => toView(row, row.actor_id ? (units.get(row.actor_id) ?? null) : null)),
    ...cappedTotal(counted),
    page: query.page,
    pageSize: query.pageSize,
  };
}

interface AuditTrailQuery {
  page: number;
  pageSize: number;
  entityType?: string;
  entityId?: string;
  actorId?: string;
  unitId?: string;
}

/** Narrowed to the people of units (the supervisor's jurisdiction, a unit filter), not to one actor or entity. */
const byPeople = (caller: Actor, query: AuditTrailQuery) =>
  Boolean((scopeOf(caller).unitId || query.unitId) && !query.entityId && !query.actorId);

/** Narrowed to people, where their rows come from: the trail's newest rows (`window`) or every person's (`all`). */
type Shape = 'window' | 'all';

/** How many of the trail's newest rows a people-narrowed page looks at before it asks every person. */
const WINDOW = 20_000;

/**
 * SQL: the trail's rows as (at, id), the first `take` of them, newest first when `ordered` (a count takes
 * them in no order). Without twins, the rows walk ix_audit_entry_trail backwards (index only); by entity
 * type ix_audit_entry_type, by entity id ix_audit_entry_entity, by actor ix_audit_entry_actor.
 * Narrowed to people, a page first filters the trail's WINDOW newest rows (index only, the people hashed):
 * enough when their rows are not rare (a city's first pages, a province's every page). Else (`all`), and
 * for the count, each person's newest rows from ix_audit_entry_actor (index only), merged: a city's people
 * are a few hundred, and walking the trail for rows of few people read the whole table.
 */
function trailRows(
  caller: Actor,
  query: AuditTrailQuery,
  params: SqlParams,
  { take, ordered, shape }: { take: number; ordered: boolean; shape: Shape },
): string {
  const conditions: string[] = [];
  // A report's or extension's row is the twin of its assignment's row (same step, marked when written):
  // list the step once, unless the reader asked for those entities by type or id.
  if (!query.entityId && !TWIN_ENTITY_TYPES.has(query.entityType ?? '')) conditions.push('NOT a.twin');
  if (query.entityType) conditions.push(`a.entity_type = ${params.add(query.entityType)}`);
  if (query.entityId) conditions.push(`a.entity_id = ${params.add(query.entityId)}`);
  if (query.actorId) conditions.push(`a.actor_id = ${params.add(query.actorId)}`);
  // Supervisors read what was done by people of their jurisdiction (system entries are for admins); any
  // reader may narrow it to the people of a unit. Both are conditions on the doer, `au`.
  const people = [scopeOf(caller).unitId, query.unitId]
    .filter((unitId): unitId is string => Boolean(unitId))
    .map((unitId) => inSubtreeSql('au.unit_id', params.add(unitId)))
    .join(' AND ');
  const where = (list: string[]) => (list.length ? `WHERE ${list.join(' AND ')}` : '');
  const order = ordered ? 'ORDER BY a.at DESC, a.id DESC' : '';
  const limit = `${order} LIMIT ${params.add(take)}`;
  if (byPeople(caller, query) && shape === 'window')
    return `SELECT a.at, a.id FROM (
        SELECT a.at, a.id, a.actor_id FROM audit_entry a ${where(conditions)} ORDER BY a.at DESC, a.id DESC LIMIT ${WINDOW}) a
       WHERE a.actor_id IN (SELECT au.id FROM app_user au WHERE ${people}) ${limit}`;
  if (byPeople(caller, query))
    return `SELECT a.at, a.id FROM app_user au CROSS JOIN LATERAL (
        SELECT a.at, a.id FROM audit_entry a ${where(['a.actor_id = au.id', ...conditions])} ${limit}) a
       WHERE ${people} ${limit}`;
  if (people) conditions.push(`EXISTS (SELECT 1 FROM app_user au WHERE au.id = a.actor_id AND ${people})`);
  return `SELECT a.at, a.id FROM audit_entry a ${where(conditions)} ${limit}`;
}

/** People for the audit filter's picker: by name or user name, inside the caller's jurisdiction. */
export async function auditActors(
  dataSource: DataSource,
  caller: Actor,
  q: string | undefined,
): Promise<AuditActorOption[]> {
  const scope = scopeOf(caller);
  const rows: { id: string; display_name: string; unit_name: string | null }[] = await dataSource.query(
    `SELECT u.id, u.display_name, un.name AS unit_name
       FROM app_user u LEFT JOIN unit un ON un.id = u.unit_id
      WHERE ($1::text IS NULL OR u.display_name ILIKE '%' || $1 || '%' OR u.username ILIKE '%' || $1 || '%')
        AND ($2::uuid IS NULL OR ${inSubtreeSql('u.unit_id', '$2::uuid')})
      ORDER BY u.display_name, u.id
      LIMIT 20`,
    [q || null, scope.unitId],
  );
  return rows.map((row) => ({ id: row.id, displayName: row.display_name, unitName: row.unit_name }));
}

async function actorUnits(
  dataSource: DataSource,
  actorIds: (string | null)[],
): Promise<Map<string, string | null>> {
  const ids = [...new Set(actorIds.filter((id): id is string => id !== null))];
  if (!ids.length) return new Map();
  const rows: { id: string; unit_name: string | null }[] = await dataSource.query(
    `SELECT u.id, un.name AS unit_name FROM app_user u LEFT JOIN unit un ON un.id = u.unit_id WHERE u.id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((row) => [row.id, row.unit_name]));
}

const TWIN_ENTITY_TYPES = new Set(['report', 'extension_request']);

/** An audit_entry row as the trail reads it. */
interface AuditRow {
  id: string;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: object | null;
  after: object | null;
  /** How many of the trail's rows up to the page's end were found (see auditTrail). */
  matched: number;
}

function toView(row: AuditRow, actorUnitName: string | null): AuditEntryView {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actorId: row.actor_id,
    actorName: row.actor_name,
    actorUnitName,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    before: row.before,
    after: row.after,
  };
}
