// Jurisdiction: what a caller may see and change. Admins (and oversight users without a unit) see
// everything; supervisors and leaders their unit's subtree; unit users their own unit.
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor';
import type { SqlParams } from '../../common/sql-params';

export interface Scope {
  /** null: sees everything. */
  unitId: string | null;
  /** true: only tasks with an assignment of exactly unitId (unit users); false: unitId's subtree. */
  ownUnitOnly: boolean;
}

export function scopeOf(actor: Actor): Scope {
  if (actor.roles.includes('admin')) return { unitId: null, ownUnitOnly: false };
  if (actor.roles.every((role) => role === 'unit'))
    return { unitId: actor.unitId ?? '00000000-0000-0000-0000-000000000000', ownUnitOnly: true };
  return { unitId: actor.unitId, ownUnitOnly: false };
}

/** SQL condition on two unit paths: `unitPath` is `rootPath` or lies below it (paths are '/'-joined ids). */
export function pathWithinSql(unitPath: string, rootPath: string): string {
  return `(${unitPath} = ${rootPath} OR ${unitPath} LIKE ${rootPath} || '/%')`;
}

/** SQL condition: the unit `unitIdSql` lies in the subtree of the unit `rootIdSql` (both SQL expressions). */
export function inSubtreeSql(unitIdSql: string, rootIdSql: string): string {
  return `EXISTS (SELECT 1 FROM unit iu JOIN unit su ON su.id = ${rootIdSql}
                  WHERE iu.id = ${unitIdSql} AND ${pathWithinSql('iu.path', 'su.path')})`;
}

/** SQL condition: the unit `unitIdSql` lies in the scope's subtree (null: no restriction). */
export function unitInScope(scope: Scope, unitIdSql: string, params: SqlParams): string | null {
  return scope.unitId ? inSubtreeSql(unitIdSql, params.add(scope.unitId)) : null;
}

/** The units among `unitIds` the scope covers: all for admins, the own unit for unit users, else the subtree. */
export async function unitsInScope(
  manager: EntityManager,
  scope: Scope,
  unitIds: string[],
): Promise<Set<string>> {
  if (!scope.unitId) return new Set(unitIds);
  if (scope.ownUnitOnly) return new Set(unitIds.filter((id) => id === scope.unitId));
  const rows: { id: string }[] = await manager.query(
    `SELECT u.id FROM unit u JOIN unit s ON s.id = $2 WHERE u.id = ANY($1) AND ${pathWithinSql('u.path', 's.path')}`,
    [[...new Set(unitIds)], scope.unitId],
  );
  return new Set(rows.map((row) => row.id));
}

/** True when every unit lies in the scope (a supervisor assigns only inside their jurisdiction). */
export async function withinScope(manager: EntityManager, scope: Scope, unitIds: string[]): Promise<boolean> {
  const distinct = [...new Set(unitIds)];
  return (await unitsInScope(manager, scope, distinct)).size === distinct.length;
}
