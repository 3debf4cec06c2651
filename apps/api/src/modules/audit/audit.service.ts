import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AUDIT_CHILD_TWINS, type AuditActorOption, type AuditEntryView, type Page } from '@duban/contracts';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor';
import { inSubtreeSql, scopeOf } from '../../common/scope';
import { onReplica } from '../../database/data-source';
import { AuditEntry } from './audit-entry.entity';

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Writes audit rows with the caller's transaction manager, so they commit or roll back with the change. */
  async record(manager: EntityManager, actor: Actor, ...records: AuditRecord[]): Promise<void> {
    if (!records.length) return;
    await manager.insert(
      AuditEntry,
      records.map((record) => ({
        actorId: actor.userId,
        actorName: actor.displayName,
        action: record.action,
        entityType: record.entityType,
        entityId: record.entityId,
        before: record.before === undefined ? null : toJson(record.before),
        after: record.after === undefined ? null : toJson(record.after),
      })),
    );
  }

  async list(
    caller: Actor,
    query: {
      page: number;
      pageSize: number;
      entityType?: string;
      entityId?: string;
      actorId?: string;
      unitId?: string;
    },
  ): Promise<Page<AuditEntryView>> {
    // The trail may lag the primary by a moment: read it from a replica when there is one.
    const [rows, total] = await onReplica(this.dataSource, (manager) => {
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
      return qb
        .orderBy('a.at', 'DESC')
        .addOrderBy('a.id', 'DESC')
        .skip((query.page - 1) * query.pageSize)
        .take(query.pageSize)
        .getManyAndCount();
    });
    const units = await this.actorUnits(rows.map((row) => row.actorId));
    return {
      items: rows.map((row) => toView(row, row.actorId ? (units.get(row.actorId) ?? null) : null)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** People for the audit filter's picker: by name or user name, inside the caller's jurisdiction. */
  async actors(caller: Actor, q: string | undefined): Promise<AuditActorOption[]> {
    const scope = scopeOf(caller);
    const rows: { id: string; display_name: string; unit_name: string | null }[] =
      await this.dataSource.query(
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

  /** user id → the name of the user's unit today. */
  async actorUnits(actorIds: (string | null)[]): Promise<Map<string, string | null>> {
    const ids = [...new Set(actorIds.filter((id): id is string => id !== null))];
    if (!ids.length) return new Map();
    const rows: { id: string; unit_name: string | null }[] = await this.dataSource.query(
      `SELECT u.id, un.name AS unit_name FROM app_user u LEFT JOIN unit un ON un.id = u.unit_id WHERE u.id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.unit_name]));
  }

  /** History of several entities (a task and its assignments), oldest first. */
  /** With entityTypes the lookup uses the (entity_type, entity_id) index instead of scanning the log. */
  async historyOf(entityIds: string[], entityTypes?: string[]): Promise<AuditEntry[]> {
    if (!entityIds.length) return [];
    const query = this.dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('a')
      .where('a.entity_id = ANY(:ids)', { ids: entityIds });
    if (entityTypes) query.andWhere('a.entity_type = ANY(:types)', { types: entityTypes });
    return query.orderBy('a.at', 'ASC').addOrderBy('a.id', 'ASC').getMany();
  }
}

// Drops secrets and turns entities into plain JSON so audit rows never hold password hashes.
function toJson(value: unknown): object {
  return JSON.parse(
    JSON.stringify(value, (key, v) => (key === 'passwordHash' || key === 'password' ? undefined : v)),
  );
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
