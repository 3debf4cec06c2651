import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditEntryView, Page } from '@duban/contracts';
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
    query: { page: number; pageSize: number; entityType?: string; entityId?: string; actorId?: string },
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
      return qb
        .orderBy('a.at', 'DESC')
        .addOrderBy('a.id', 'DESC')
        .skip((query.page - 1) * query.pageSize)
        .take(query.pageSize)
        .getManyAndCount();
    });
    return { items: rows.map(toView), total, page: query.page, pageSize: query.pageSize };
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

function toView(entry: AuditEntry): AuditEntryView {
  return {
    id: entry.id,
    at: entry.at.toISOString(),
    actorId: entry.actorId,
    actorName: entry.actorName,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: entry.before,
    after: entry.after,
  };
}
