import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DEFAULT_REMINDER_RULES, shanghaiDate, addDays } from '@duban/contracts';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../../common/actor';
import { APP_CONFIG, type AppConfig } from '../../config/env.schema';
import { ARCHIVE_REMINDERS_SQL, archiveCutoffDays } from '../reminders/reminder-retention';
import { AuditService } from './audit.service';

export interface RetentionReport {
  auditPartitionsCreated: string[];
  auditPartitionsDropped: string[];
  remindersArchived: number;
  archiveRowsDeleted: number;
  sweepRunsDeleted: number;
}

/** Months created ahead of time, so inserts land in a month partition, not in the default one. */
const MONTHS_AHEAD = 3;
const BATCH = 20_000;
const SWEEP_RUNS_KEPT_DAYS = 30;

/**
 * Keeps the two ledgers that grow fastest bounded (docs/operations.md, "Retention"): audit months
 * exist ahead of time and, with AUDIT_RETENTION_MONTHS set, months older than that are dropped whole;
 * reminder rows that can never fire again move to reminder_archive after REMINDER_ARCHIVE_DAYS.
 * Idempotent: the worker runs it daily (RETENTION_CRON), `npm run db:retention` by hand.
 */
@Injectable()
export class LedgerRetentionService {
  private readonly logger = new Logger(LedgerRetentionService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  async run(now = new Date()): Promise<RetentionReport> {
    const thisMonth = `${shanghaiDate(now).slice(0, 7)}-01`;
    const created: string[] = [];
    for (let ahead = 0; ahead <= MONTHS_AHEAD; ahead++) {
      const [{ name }] = await this.dataSource.query(
        `SELECT duban_audit_partition(($1::date + make_interval(months => $2))::date) AS name`,
        [thisMonth, ahead],
      );
      if (name) created.push(name);
    }
    const dropped = await this.dropOldAuditMonths(thisMonth);
    const remindersArchived = await this.archiveReminders(now);
    const archiveRowsDeleted = await this.trimArchive(thisMonth);
    const [, sweepRunsDeleted] = await this.dataSource.query(
      `DELETE FROM reminder_sweep_run
        WHERE created_at < now() - make_interval(days => $1)
          AND id <> (SELECT id FROM reminder_sweep_run ORDER BY created_at DESC LIMIT 1)`,
      [SWEEP_RUNS_KEPT_DAYS],
    );
    const report = {
      auditPartitionsCreated: created,
      auditPartitionsDropped: dropped,
      remindersArchived,
      archiveRowsDeleted,
      sweepRunsDeleted,
    };
    if (dropped.length || remindersArchived || archiveRowsDeleted) {
      await this.dataSource.transaction((manager) =>
        this.audit.record(manager, SYSTEM_ACTOR, {
          action: 'ledger.retention',
          entityType: 'ledger',
          entityId: 'retention',
          after: report,
        }),
      );
      this.logger.log(`retention: ${JSON.stringify(report)}`);
    }
    return report;
  }

  /** Whole months before the kept window: detached and dropped (no row-by-row delete, no bloat). */
  private async dropOldAuditMonths(thisMonth: string): Promise<string[]> {
    const months = this.config.retention.auditMonths;
    if (!months) return [];
    const rows: { name: string }[] = await this.dataSource.query(
      `SELECT c.relname AS name
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'audit_entry'::regclass AND c.relname ~ '^audit_entry_y[0-9]{4}m[0-9]{2}$'
          AND to_date(substr(c.relname, 14, 4) || substr(c.relname, 19, 2), 'YYYYMM')
              < ($1::date - make_interval(months => $2))::date
        ORDER BY 1`,
      [thisMonth, months],
    );
    for (const { name } of rows) {
      await this.dataSource.transaction(async (manager) => {
        await manager.query(`ALTER TABLE audit_entry DETACH PARTITION "${name}"`);
        await manager.query(`DROP TABLE "${name}"`);
      });
    }
    return rows.map((row) => row.name);
  }

  private async archiveReminders(now: Date): Promise<number> {
    const [setting] = await this.dataSource.query(
      `SELECT (value->>'overdueEveryWorkingDays')::int AS every FROM app_setting WHERE key = 'reminder_rules'`,
    );
    const days = archiveCutoffDays(
      this.config.retention.reminderArchiveDays,
      setting?.every ?? DEFAULT_REMINDER_RULES.overdueEveryWorkingDays,
    );
    const bucket = addDays(shanghaiDate(now), -days);
    const createdBefore = new Date(now.getTime() - days * 86_400_000);
    let total = 0;
    for (;;) {
      const [{ n }] = await this.dataSource.transaction((manager) =>
        manager.query(ARCHIVE_REMINDERS_SQL, [bucket, createdBefore, BATCH]),
      );
      total += n;
      if (n < BATCH) return total;
    }
  }

  /** The archive follows the audit trail's retention (0: kept). */
  private async trimArchive(thisMonth: string): Promise<number> {
    const months = this.config.retention.auditMonths;
    if (!months) return 0;
    let total = 0;
    for (;;) {
      const [, n]: [unknown, number] = await this.dataSource.query(
        `DELETE FROM reminder_archive WHERE id IN (
           SELECT id FROM reminder_archive
            WHERE created_at < (($1::date - make_interval(months => $2))::timestamp AT TIME ZONE 'Asia/Shanghai')
            LIMIT $3)`,
        [thisMonth, months, BATCH],
      );
      total += n;
      if (n < BATCH) return total;
    }
  }
}
