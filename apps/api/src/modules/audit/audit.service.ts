import { AUDIT_CHILD_TWINS } from '@duban/contracts';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { Actor } from '../../common/actor';
import { SqlParams } from '../../common/sql-params';
import { Transactions } from '../../database/transactions';
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
  constructor(
    private readonly transactions: Transactions,
    @InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>,
  ) {}

  /**
   * Writes audit rows with the caller's transaction manager, so they commit or roll back with the change.
   * Plain SQL, not TypeORM's insert builder: every write of the house runs it.
   */
  async record(manager: EntityManager, actor: Actor, ...records: AuditRecord[]): Promise<void> {
    if (!records.length) return;
    const params = new SqlParams();
    await manager.query(this.insertSql(params, actor, records), params.values);
  }

  /**
   * The audit insert as SQL text on the caller's parameters, for a hot write that runs it as a CTE of
   * its own statement (one round trip less while it holds its row locks). A child's row written with its
   * assignment's row (AUDIT_CHILD_TWINS) is marked `twin`: the trail shows the step once. So a move that
   * writes a child row passes it in the same call as the assignment's (the move's `audit`).
   */
  insertSql(params: SqlParams, actor: Actor, records: AuditRecord[]): string {
    const actorId = params.add(actor.userId);
    const actorName = params.add(actor.displayName);
    const actions = new Set(records.map((record) => record.action));
    const rows = records.map(
      (record) =>
        `(${actorId}, ${actorName}, ${params.add(record.action)}, ${params.add(record.entityType)}, ${params.add(record.entityId)}, ` +
        `${params.add(toJson(record.before))}, ${params.add(toJson(record.after))}, ${actions.has(AUDIT_CHILD_TWINS[record.action])})`,
    );
    return `INSERT INTO audit_entry (actor_id, actor_name, action, entity_type, entity_id, before, after, twin) VALUES ${rows.join(', ')}`;
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

// Drops secrets and turns entities into JSON text so audit rows never hold password hashes; no value: SQL NULL.
function toJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  // A replacer makes stringify call back per key: only when such a key is there (its name is in the text).
  const text = JSON.stringify(value);
  if (!text.includes('"password')) return text;
  return JSON.stringify(value, (key, v) => (key === 'passwordHash' || key === 'password' ? undefined : v));
}

/** Months created ahead of time, so inserts land in a month partition, not in the default one. */
const MONTHS_AHEAD = 3;
