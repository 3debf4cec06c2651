import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AUDIT_CHILD_TWINS, type AuditActorOption, type AuditEntryView, type Page } from '@duban/contracts';
import { EntityManager, Repository } from 'typeorm';
import type { Actor } from '../../common/actor';
import { inSubtreeSql, scopeOf } from '../units/jurisdiction';
import { AuditEntry } from './audit-entry.entity';
import { Transactions } from '../../database/transactions';

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

@Injectable()
export class AuditService {
  constructor(
    private readonly transactions: Transactions,
    @InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>,
  ) {}

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
    const [rows, total] = await this.transactions.onReplica((manager) => {
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
    const rows: { id: string; display_name: string; unit_name: string | null }[] = await this.entries.query(
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

  private async actorUnits(actorIds: (string | null)[]): Promise<Map<string, string | null>> {
    const ids = [...new Set(actorIds.filter((id): id is string => id !== null))];
    if (!ids.length) return new Map();
    const rows: { id: string; unit_name: string | null }[] = await this.entries.query(
      `SELECT u.id, un.name AS unit_name FROM app_user u LEFT JOIN unit un ON un.id = u.unit_id WHERE u.id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.unit_name]));
  }

  /** History of several entities (a task and its assignments), oldest first. */
  /** With entityTypes the lookup uses the (entity_type, entity_id) index instead of scanning the log. */
  async historyOf(entityIds: string[], entityTypes?: string[]): Promise<AuditEntry[]> {
    if (!entityIds.length) return [];
    const query = this.entries.createQueryBuilder('a').where('a.entity_id = ANY(:ids)', { ids: entityIds });
    if (entityTypes) query.andWhere('a.entity_type = ANY(:types)', { types: entityTypes });
    return query.orderBy('a.at', 'ASC').addOrderBy('a.id', 'ASC').getMany();
  }

  /**
   * The trail's month partitions: this month and MONTHS_AHEAD ahead exist (inserts land in a month, not
   * in the default partition); with `keptMonths` (AUDIT_RETENTION_MONTHS), whole months before that
   * window are detached and dropped (no row-by-row delete, no bloat). Idempotent.
   */
  async keepMonths(thisMonth: string, keptMonths: number): Promise<{ created: string[]; dropped: string[] }> {
    const created: string[] = [];
    for (let ahead = 0; ahead <= MONTHS_AHEAD; ahead++) {
      const [{ name }]: { name: string | null }[] = await this.entries.query(
        `SELECT duban_audit_partition(($1::date + make_interval(months => $2))::date) AS name`,
        [thisMonth, ahead],
      );
      if (name) created.push(name);
    }
    if (!keptMonths) return { created, dropped: [] };
    const rows: { name: string }[] = await this.entries.query(
      `SELECT c.relname AS name
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'audit_entry'::regclass AND c.relname ~ '^audit_entry_y[0-9]{4}m[0-9]{2}$'
          AND to_date(substr(c.relname, 14, 4) || substr(c.relname, 19, 2), 'YYYYMM')
              < ($1::date - make_interval(months => $2))::date
        ORDER BY 1`,
      [thisMonth, keptMonths],
    );
    for (const { name } of rows) {
      await this.transactions.run(async (manager) => {
        await manager.query(`ALTER TABLE audit_entry DETACH PARTITION "${name}"`);
        await manager.query(`DROP TABLE "${name}"`);
      });
    }
    return { created, dropped: rows.map((row) => row.name) };
  }
}

// Drops secrets and turns entities into plain JSON so audit rows never hold password hashes.
function toJson(value: unknown): object {
  return JSON.parse(
    JSON.stringify(value, (key, v) => (key === 'passwordHash' || key === 'password' ? undefined : v)),
  );
}

/** Months created ahead of time, so inserts land in a month partition, not in the default one. */
const MONTHS_AHEAD = 3;

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
