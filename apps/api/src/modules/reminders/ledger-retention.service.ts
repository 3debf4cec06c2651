import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { shanghaiDate, addDays } from '@duban/contracts';
import { Repository } from 'typeorm';
import { SYSTEM_ACTOR } from '../../common/actor';
import { APP_CONFIG, type AppConfig } from '../../config/env.schema';
import { Transactions } from '../../database/transactions';
import { AuditService } from '../audit/audit.service';
import { SettingsService } from '../settings/settings.service';
import { Reminder } from './reminder.entity';
import { ARCHIVE_REMINDERS_SQL, archiveCutoffDays } from './reminder-retention';

export interface RetentionReport {
  auditPartitionsCreated: string[];
  auditPartitionsDropped: string[];
  remindersArchived: number;
  archiveRowsDeleted: number;
  sweepRunsDeleted: number;
}

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
    private readonly transactions: Transactions,
    @InjectRepository(Reminder) private readonly reminders: Repository<Reminder>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly settings: SettingsService,
  ) {}

  async run(now = new Date()): Promise<RetentionReport> {
    const thisMonth = `${shanghaiDate(now).slice(0, 7)}-01`;
    const { created, dropped } = await this.audit.keepMonths(thisMonth, this.config.retention.auditMonths);
    const remindersArchived = await this.archiveReminders(now);
    const archiveRowsDeleted = await this.trimArchive(thisMonth);
    const [, sweepRunsDeleted] = await this.reminders.query(
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
      await this.transactions.run((manager) =>
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

  private async archiveReminders(now: Date): Promise<number> {
    const rules = await this.settings.reminderRules();
    const days = archiveCutoffDays(this.config.retention.reminderArchiveDays, rules.overdueEveryWorkingDays);
    const bucket = addDays(shanghaiDate(now), -days);
    const createdBefore = new Date(now.getTime() - days * 86_400_000);
    let total = 0;
    for (;;) {
      const [{ n }] = await this.transactions.run((manager) =>
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
      const [, n]: [unknown, number] = await this.reminders.query(
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
