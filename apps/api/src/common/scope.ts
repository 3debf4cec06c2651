// Jurisdiction: what a caller may see and change. Admins (and oversight users without a unit) see
// everything; supervisors and leaders their unit's subtree; unit users their own unit.
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from './actor';

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

export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** SQL condition: the unit `unitIdSql` lies in the subtree of the unit `rootIdSql` (both SQL expressions). */
export function inSubtreeSql(unitIdSql: string, rootIdSql: string): string {
  return `EXISTS (SELECT 1 FROM unit iu JOIN unit su ON su.id = ${rootIdSql}
                  WHERE iu.id = ${unitIdSql} AND (iu.path = su.path OR iu.path LIKE su.path || '/%'))`;
}

/** SQL condition: the unit `unitIdSql` lies in the scope's subtree (null: no restriction). */
export function unitInScope(scope: Scope, unitIdSql: string, params: SqlParams): string | null {
  return scope.unitId ? inSubtreeSql(unitIdSql, params.add(scope.unitId)) : null;
}

/** True when every unit lies in the scope's subtree (a supervisor assigns only inside their jurisdiction). */
export async function withinScope(
  manager: EntityManager | DataSource,
  scope: Scope,
  unitIds: string[],
): Promise<boolean> {
  if (!scope.unitId || !unitIds.length) return true;
  const [{ outside }] = await manager.query(
    `SELECT count(*)::int AS outside FROM unit u JOIN unit s ON s.id = $2
      WHERE u.id = ANY($1) AND NOT (u.path = s.path OR u.path LIKE s.path || '/%')`,
    [[...new Set(unitIds)], scope.unitId],
  );
  return outside === 0;
}

/** The units among `unitIds` the scope covers: all for admins, the own unit for unit users, else the subtree. */
export async function unitsInScope(
  manager: EntityManager | DataSource,
  scope: Scope,
  unitIds: string[],
): Promise<Set<string>> {
  if (!scope.unitId) return new Set(unitIds);
  if (scope.ownUnitOnly) return new Set(unitIds.filter((id) => id === scope.unitId));
  const rows: { id: string }[] = await manager.query(
    `SELECT u.id FROM unit u JOIN unit s ON s.id = $2
      WHERE u.id = ANY($1) AND (u.path = s.path OR u.path LIKE s.path || '/%')`,
    [[...new Set(unitIds)], scope.unitId],
  );
  return new Set(rows.map((row) => row.id));
}
