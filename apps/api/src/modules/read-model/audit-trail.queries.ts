import {
  AUDIT_CHILD_TWINS,
  TOTAL_CAP,
  type AuditActorOption,
  type AuditEntryView,
  type CappedPage,
} from '@duban/contracts';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../common/actor';
import { assertPageWithinCap, cappedTotal } from '../../common/capped-total';
import { onReplica } from '../../database/transactions';
import { AuditEntry } from '../audit/audit-entry.entity';
import { inSubtreeSql, scopeOf } from '../units/jurisdiction';

// The audit trail as people read it: entries filtered by who did them (their unit, in the reader's
// jurisdiction) and shown with the doer's unit. Reads audit_entry, app_user and unit.

export async function auditTrail(
  dataSource: DataSource,
  caller: Actor,
  query: {
    page: number;
    pageSize: number;
    entityType?: string;
    entityId?: string;
    actorId?: string;
    unitId?: string;
  },
): Promise<CappedPage<AuditEntryView>> {
  // Counting the whole trail took 8 s at 1M.
  assertPageWithinCap(query.page, query.pageSize);
  // The trail may lag the primary by a moment: read it from a replica when there is one.
  const [rows, total] = await onReplica(dataSource, async (manager) => {
    const qb = manager.createQueryBuilder(AuditEntry, 'a');
    // Supervisors read what was done by people of their jurisdiction; system entries are for admins.
    const scope = scopeOf(caller);
    if (scope.unitId)
      qb.andWhere(
        `EXISTS (SELECT 1 FROM app_user au WHERE au.id = a.actor_id AND ${inSubtreeSql('au.unit_id', ':scopeUnitId')})`,
        { scopeUnitId: scope.unitId },
      );
    if (query.entityType) qb.andWhere('a.entity_type = :entityType', { entityType: query.entityType });
    if (query.entityId) qb.andWhere('a.entity_id = :entityId', { entityId: query.entityId });
    if (query.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: query.actorId });
    if (query.unitId)
      qb.andWhere(
        `EXISTS (SELECT 1 FROM app_user fu WHERE fu.id = a.actor_id AND ${inSubtreeSql('fu.unit_id', ':unitId')})`,
        { unitId: query.unitId },
      );
    // A report's or extension's row is the twin of its assignment's row (same transaction): list the step once,
    // unless the reader asked for those entities by type or id.
    if (!query.entityId && !TWIN_ENTITY_TYPES.has(query.entityType ?? ''))
      qb.andWhere(
        `NOT EXISTS (SELECT 1 FROM audit_entry tw
                    JOIN unnest(CAST(:twinChildren AS text[]), CAST(:twinActions AS text[])) AS p(child, twin) ON p.twin = tw.action
                   WHERE p.child = a.action AND tw.at = a.at AND tw.actor_id IS NOT DISTINCT FROM a.actor_id)`,
        { twinChildren: Object.keys(AUDIT_CHILD_TWINS), twinActions: Object.values(AUDIT_CHILD_TWINS) },
      );
    const [counted, countParams] = qb
      .clone()
      .select('a.id')
      .limit(TOTAL_CAP + 1)
      .getQueryAndParameters();
    const page = await qb
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getMany();
    const [{ n }]: { n: number }[] = await manager.query(
      `SELECT count(*)::int AS n FROM (${counted}) capped`,
      countParams,
    );
    return [page, n] as const;
  });
  const units = await actorUnits(
    dataSource,
    rows.map((row) => row.actorId),
  );
  return {
    items: rows.map((row) => toView(row, row.actorId ? (units.get(row.actorId) ?? null) : null)),
    ...cappedTotal(total),
    page: query.page,
    pageSize: query.pageSize,
  };
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

function toView(entry: AuditEntry, actorUnitName: string | null): AuditEntryView {
  return {
    id: entry.id,
    at: entry.at.toISOString(),
    actorId: entry.actorId,
    actorName: entry.actorName,
    actorUnitName,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: entry.before,
    after: entry.after,
  };
}
