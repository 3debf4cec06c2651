import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  shanghaiDate,
  type MessagePayload,
  type CappedPage,
  type ReminderRules,
  type ReminderStatus,
  type ReminderView,
  type SweepResult,
} from '@duban/contracts';
import type { Queue } from 'bullmq';
import { type EntityManager, Repository } from 'typeorm';
import type { Actor } from '../../common/actor';
import { notFound } from '../../common/app-error';
import { assertPageWithinCap, cappedCountSql, cappedTotal } from '../../common/capped-total';
import { SqlParams } from '../../common/sql-params';
import { withTimeout } from '../../common/with-timeout';
import { inSubtreeSql, pathWithinSql, scopeOf } from '../units/jurisdiction';
import { Clock } from '../../common/clock';
import { APP_CONFIG, type AppConfig } from '../../config/env.schema';
import { Transactions } from '../../database/transactions';
import { assertQueueReachable } from '../../queue/queue-reachable';
import { JOB, QUEUE, SWEEP_SCHEDULER_ID, type DeliverJobData, type SweepJobData } from '../../queue/queues';
import { AuditService } from '../audit/audit.service';
import { CalendarService } from '../calendar/calendar.service';
import { SettingsService } from '../settings/settings.service';
import { DELIVERY_CHANNELS, type DeliveryChannel, type ReminderMessage } from './reminder-channels';
import { normalizeRules, RULE, type EventKind } from './reminder-rules';
import {
  buildSweepPlan,
  DEADLINES_SQL,
  DIGEST_KINDS,
  DIRECTORY_FINGERPRINT_SQL,
  DRAIN_DIRTY_SQL,
  OPEN_STATUSES,
  planKeys,
  SWEEP_RECORD_SQL,
  SWEEP_TEMP_SQL,
  sweepCandidatesSql,
  sweepFiredSql,
} from './reminder-sweep';
import { Reminder } from './reminder.entity';

export interface UrgeInput {
  taskId: string;
  assignmentIds: string[];
  message: string;
}

/**
 * A workflow message for the ledger. `to: 'unit'` reaches the active users of `unitId`; `to:
 * 'supervisors'` the supervisors of the nearest jurisdiction over it (the deepest unit above it with
 * an active supervisor, or those without a unit) and the task's creator if they oversee it.
 */
export interface OutboundMessage {
  kind: EventKind;
  to: 'unit' | 'supervisors';
  unitId: string;
  taskId: string | null;
  assignmentId: string | null;
  title: string;
  body: string;
  payload?: MessagePayload | null;
}

export interface ReminderListQuery {
  page: number;
  pageSize: number;
  status?: ReminderStatus;
  rule?: string;
  taskId?: string;
  assignmentId?: string;
  recipientId?: string;
}

export type SweepReport = SweepResult & { recovered: number; durationMs: number; sqlMs: number };

/** Ledger rows re-enqueued per sweep at most (oldest first); the next sweep takes the rest. */
const RECOVERY_BATCH = 100_000;
const ENQUEUE_CHUNK = 1000;
const ENQUEUE_LANES = 4;
/** Longer than any delivery attempt (webhook 10 s, SMTP at most about 40 s). */
const DELIVERY_CLAIM_SECONDS = 60;
const SWEEP_LOCK = 'duban.reminder_sweep';

/**
 * The reminder engine. PostgreSQL's `reminder` ledger is the record of what is due and what went out;
 * BullMQ only carries delivery jobs whose id is the ledger id, so every job can be rebuilt from the
 * ledger and no reminder is sent twice.
 */
@Injectable()
export class RemindersService {
  private readonly logger = new Logger(RemindersService.name);
  /** Ledger ids waiting for this turn's enqueue (see dispatch). */
  private dispatching: { ids: string[]; sent: Promise<void> } | null = null;

  constructor(
    private readonly transactions: Transactions,
    @InjectRepository(Reminder) private readonly reminders: Repository<Reminder>,
    @InjectQueue(QUEUE.reminders) private readonly queue: Queue<SweepJobData | DeliverJobData>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DELIVERY_CHANNELS) private readonly channels: DeliveryChannel[],
    private readonly clock: Clock,
    private readonly settings: SettingsService,
    private readonly calendars: CalendarService,
    private readonly audit: AuditService,
  ) {}

  async rules(): Promise<ReminderRules> {
    return normalizeRules(await this.settings.reminderRules());
  }

  async updateRules(actor: Actor, rules: ReminderRules): Promise<ReminderRules> {
    return this.settings.updateReminderRules(actor, normalizeRules(rules));
  }

  /**
   * Asks the database what is due now, records it in the ledger and enqueues delivery. Sweeps from
   * several instances serialise on an advisory lock; the unique ledger key makes a second run a no-op.
   * Rows still pending from earlier runs (a worker crash, a Redis flush) are re-enqueued.
   */
  async sweep(at?: Date): Promise<SweepReport> {
    const started = performance.now();
    const now = at ?? this.clock.now();
    const today = shanghaiDate(now);
    const rules = await this.rules();
    const calendar = await this.calendars.calendar();
    // Nothing is due on a non-working day (every rule is a window the next working day catches up):
    // leave the change set and the last plan as they are, so that day's sweep examines what changed
    // since the last working day, not every key again (an empty plan made every entry fresh).
    const outcome = !calendar.isWorkingDay(today)
      ? { considered: 0, counts: [] as { kind: string; n: number }[], ids: [] as string[] }
      : await this.transactions.run(async (manager) => {
          // One bad row or a stuck sweep must not hold the lock (and every later sweep) for good.
          const limit = `${this.config.database.sweepTimeoutMs}ms`;
          await manager.query(
            `SELECT set_config('statement_timeout', $1, true), set_config('lock_timeout', $1, true)`,
            [limit],
          );
          await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [SWEEP_LOCK]);
          // The change set: assignments changed since the last sweep (drained under the lock).
          const changed: { id: string }[] = await manager.query(DRAIN_DIRTY_SQL);
          const deadlineRows: { deadline: string }[] = await manager.query(DEADLINES_SQL);
          const plan = buildSweepPlan(
            deadlineRows.map((row) => row.deadline),
            rules,
            today,
            calendar,
          );
          const keys = planKeys(plan);
          // Same recipients as the last sweep: keys already in the ledger reached all of them.
          const [{ directory }] = await manager.query(DIRECTORY_FINGERPRINT_SQL);
          const [last]: { directory: string; plan: string[] | null }[] = await manager.query(
            `SELECT directory, plan FROM reminder_sweep_run ORDER BY created_at DESC LIMIT 1`,
          );
          const onlyNewKeys = last?.directory === directory;
          // Entries the last sweep evaluated for every open assignment need only the changed ones now.
          const changeSet = onlyNewKeys && Array.isArray(last.plan);
          const evaluated = new Set(changeSet ? last.plan : []);
          const fresh = (key: string) => !evaluated.has(key);
          // One batch every few minutes: let its sorts and hashes stay in memory. The staging tables'
          // joins on three columns are misjudged (a sixth of their rows); a merge join then sorted half a
          // million wide rows on disk where a hash join reads them once.
          await manager.query(`SET LOCAL work_mem = '64MB'`);
          await manager.query(`SET LOCAL enable_mergejoin = off`);
          for (const sql of SWEEP_TEMP_SQL) await manager.query(sql);
          await manager.query(sweepFiredSql(onlyNewKeys, changeSet), [
            OPEN_STATUSES,
            plan.deadlines.deadline,
            plan.deadlines.rule,
            plan.deadlines.kind,
            plan.deadlines.bucket,
            plan.deadlines.title,
            plan.deadlines.body,
            plan.cycles.cycle,
            plan.cycles.periodStart,
            plan.cycles.bucket,
            plan.cycles.title,
            plan.cycles.body,
            keys.deadlines.map(fresh),
            keys.cycles.map(fresh),
            changed.map((row) => row.id),
          ]);
          // Autovacuum never analyses temp tables: give the joins below their real sizes.
          // Only the columns joined on: sampling the formatted texts cost more than the joins gained.
          await manager.query(`ANALYZE sweep_fired (assignment_id, rule, bucket, unit_id, kind)`);
          await manager.query(sweepCandidatesSql(onlyNewKeys));
          await manager.query(`ANALYZE sweep_candidate (assignment_id, rule, bucket, recipient_id, kind)`);
          await manager.query(SWEEP_RECORD_SQL, [today, rules.digestThreshold, DIGEST_KINDS, now]);
          const counts: { kind: string; n: number }[] = await manager.query(
            `SELECT kind, count(*)::int AS n FROM sweep_new GROUP BY kind`,
          );
          // Assignments with something due now (examined cheaply: the change set, or all open work).
          const [{ considered }] = await manager.query(
            `SELECT count(DISTINCT assignment_id)::int AS considered FROM sweep_fired`,
          );
          // Only the latest run keeps its plan (the next sweep compares with it).
          await manager.query(`UPDATE reminder_sweep_run SET plan = NULL WHERE plan IS NOT NULL`);
          await manager.query(
            `INSERT INTO reminder_sweep_run (swept_at, directory, considered, created, only_new_keys, plan)
         VALUES ($1, $2, $3, $4, $5, $6)`,
            [
              now,
              directory,
              considered,
              counts.reduce((sum, row) => sum + row.n, 0),
              onlyNewKeys,
              [...keys.deadlines, ...keys.cycles],
            ],
          );
          const pending: { id: string }[] = await manager.query(
            `SELECT id FROM sweep_new WHERE status = 'pending'`,
          );
          return { considered, counts, ids: pending.map((row) => row.id) };
        });
    const sqlMs = Math.round(performance.now() - started);
    // Redis away: the ledger rows stay pending (the next sweep enqueues them); answer 503 now, not in 30 s.
    await assertQueueReachable(this.queue);
    const enqueued = await this.enqueue(outcome.ids);
    const recovered = await this.requeuePending(new Set(outcome.ids));
    const byKind = Object.fromEntries(outcome.counts.map((row) => [row.kind, row.n]));
    const report: SweepReport = {
      now: now.toISOString(),
      considered: outcome.considered,
      created: outcome.counts.reduce((sum, row) => sum + row.n, 0),
      enqueued,
      byKind,
      recovered,
      durationMs: Math.round(performance.now() - started),
      sqlMs,
    };
    if (report.created || report.recovered) this.logger.log(`sweep ${today}: ${JSON.stringify(report)}`);
    return report;
  }

  /** 催办: a supervisor's reminder to the units of some assignments, through the same ledger and delivery. */
  async urge(actor: Actor, input: UrgeInput): Promise<{ reminders: number }> {
    const now = this.clock.now();
    // A fresh source key per call: two urges on the same day are two messages, a retried job is not.
    const sourceKey = randomUUID();
    const ids = await this.transactions.run(async (manager) => {
      const rows: { id: string }[] = await manager.query(
        `INSERT INTO reminder (assignment_id, task_id, rule, kind, bucket, recipient_id, source_key, title, body, created_at)
         SELECT a.id, a.task_id, '${RULE.urge}', 'urge', $3, u.id, $4,
                left('催办：' || t.title, 300),
                format(E'%s 催办：%s\\n\\n【%s】%s承办的「%s」%s', $5::text, $6::text, t.code, un.name, t.title,
                       CASE WHEN a.deadline IS NULL THEN '' ELSE '办理时限为 ' || a.deadline::text || '。' END),
                $7
           FROM assignment a
           JOIN task t ON t.id = a.task_id
           JOIN unit un ON un.id = a.unit_id
           JOIN app_user u ON u.unit_id = a.unit_id AND u.active
          WHERE a.task_id = $1 AND a.id = ANY($2::uuid[])
          ORDER BY a.id, u.id
         ON CONFLICT DO NOTHING
         RETURNING id`,
        [
          input.taskId,
          input.assignmentIds,
          shanghaiDate(now),
          sourceKey,
          actor.displayName,
          input.message,
          now,
        ],
      );
      await this.audit.record(manager, actor, {
        action: 'task.urge',
        entityType: 'task',
        entityId: input.taskId,
        after: {
          assignmentIds: input.assignmentIds,
          message: input.message,
          reminders: rows.length,
          sourceKey,
        },
      });
      return rows.map((row) => row.id);
    });
    // After commit: a job never points at a row that does not exist. If Redis is down the rows stay
    // pending and the next sweep enqueues them.
    await this.enqueue(ids);
    return { reminders: ids.length };
  }

  /**
   * Records workflow messages as ledger rows inside the caller's transaction (rolled back with it) and
   * returns their ids: pass them to dispatch() after commit. A row whose job is never added (a crash,
   * Redis down) stays pending and the next sweep enqueues it.
   */
  async record(manager: EntityManager, messages: readonly OutboundMessage[]): Promise<string[]> {
    if (!messages.length) return [];
    const params = new SqlParams();
    const rows: { id: string }[] = await manager.query(this.recordSql(params, messages), params.values);
    return rows.map((row) => row.id);
  }

  /**
   * record()'s insert as SQL text on the caller's parameters (`INSERT … RETURNING id`), for a hot write
   * that runs it as a CTE of its own statement; the ids it returns go to dispatch() after commit.
   */
  recordSql(params: SqlParams, messages: readonly OutboundMessage[]): string {
    const now = this.clock.now();
    const column = <K extends keyof OutboundMessage>(key: K) => messages.map((m) => m[key] ?? null);
    return recordMessagesSql([
      params.add(column('kind')),
      params.add(column('to')),
      params.add(column('unitId')),
      params.add(column('taskId')),
      params.add(column('assignmentId')),
      params.add(messages.map((m) => m.title.slice(0, 300))),
      params.add(column('body')),
      params.add(messages.map((m) => (m.payload ? JSON.stringify(m.payload) : null))),
      params.add(shanghaiDate(now)),
      // One source key per event: the same message twice in one call collapses, two events never do.
      params.add(randomUUID()),
      params.add(now),
    ]);
  }

  /**
   * Enqueues delivery of recorded rows (after their transaction committed). The moves that commit in the
   * same turn of the event loop share one addBulk, one Redis round trip instead of one each; the promise
   * settles once that batch is in Redis (or its failure logged: the rows stay pending for the sweep).
   */
  dispatch(ids: readonly string[]): Promise<void> {
    if (!ids.length) return Promise.resolve();
    if (!this.dispatching) {
      const batch: string[] = [];
      const sent = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
        this.dispatching = null;
        await this.enqueue(batch);
      });
      this.dispatching = { ids: batch, sent };
    }
    this.dispatching.ids.push(...ids);
    return this.dispatching.sent;
  }

  /**
   * Delivers one ledger row on every channel that applies and has not delivered yet, recording each
   * success on the row, so a retry resends only what failed. Throws (and the job retries with backoff)
   * while some channel fails; on the last attempt the row is marked failed.
   */
  async deliver(
    reminderId: string,
    options: { finalAttempt: boolean },
  ): Promise<'sent' | 'skipped' | 'busy'> {
    // Claim the row for this attempt and read it. BullMQ can hand a job to a second worker while the
    // first still runs it (a lock lost under load); the second then backs off instead of sending again.
    // The claim outlasts any attempt (channels time out sooner) and lapses when its worker dies.
    const [row] = await this.reminders.query(
      `WITH claimed AS (
         UPDATE reminder SET claimed_until = now() + interval '${DELIVERY_CLAIM_SECONDS} seconds'
          WHERE id = $1 AND status NOT IN ('sent', 'digested') AND (claimed_until IS NULL OR claimed_until < now())
          RETURNING *
       )
       ${messageSql('claimed')}`,
      [reminderId],
    );
    if (!row) {
      // Not claimed: already delivered (or folded into a digest), gone, or another attempt holds it.
      const [current] = await this.reminders.query('SELECT status FROM reminder WHERE id = $1', [reminderId]);
      return !current || current.status === 'sent' || current.status === 'digested' ? 'skipped' : 'busy';
    }
    if (!row.user_id) {
      await this.deliveryAbandoned(reminderId, '收件人不存在');
      return 'skipped';
    }
    const message = toMessage(row);
    const delivered: string[] = row.delivered_channels ?? [];
    const due = this.channels.filter(
      (channel) => !delivered.includes(channel.name) && channel.appliesTo(message),
    );
    const succeeded: string[] = [];
    const errors: string[] = [];
    for (const [index, channel] of due.entries()) {
      try {
        await channel.send(message);
        succeeded.push(channel.name);
        // Record it at once, so a retry never sends it again and an abandoned row is never called
        // failed for it; a last channel that can tell itself whether it delivered (in-app) is recorded
        // with the outcome below, so in-app alone costs one write per attempt.
        if (index < due.length - 1 || !channel.delivered) {
          await this.reminders.query(
            `UPDATE reminder SET delivered_channels = array_append(delivered_channels, $2::text)
              WHERE id = $1 AND NOT $2::text = ANY(delivered_channels)`,
            [reminderId, channel.name],
          );
        }
      } catch (error) {
        errors.push(`${channel.name}: ${(error as Error).message}`);
      }
    }
    // The outcome of the attempt. A crash between a send and its record resends that channel on the
    // retry: in-app is idempotent by reminder_id, mail and webhook receivers get the ledger id as
    // Idempotency-Key to drop the repeat.
    const lastError = errors.length ? errors.join('; ').slice(0, 2000) : null;
    const status = !errors.length ? 'sent' : options.finalAttempt ? 'failed' : 'pending';
    await this.reminders.query(
      `UPDATE reminder
          SET delivered_channels = ARRAY(SELECT DISTINCT c FROM unnest(delivered_channels || $2::text[]) AS c ORDER BY c),
              status = $3::varchar, attempts = attempts + 1, last_error = $4::text, claimed_until = NULL,
              sent_at = CASE WHEN $3::varchar = 'sent' THEN $5::timestamptz ELSE sent_at END
        WHERE id = $1`,
      [reminderId, succeeded, status, lastError, this.clock.now()],
    );
    if (errors.length) throw new Error(`催办消息 ${reminderId} 投递失败：${lastError}`);
    return 'sent';
  }

  /**
   * A delivery job BullMQ gave up on (retries spent, or stalled too often after crashes). The row's state
   * follows what was delivered: a worker killed after its last send but before recording it leaves a row
   * whose every channel went out, and that row is sent, not failed.
   */
  async deliveryAbandoned(reminderId: string, reason: string): Promise<void> {
    const [row] = await this.reminders.query(
      `${messageSql('reminder')} WHERE r.id = $1 AND r.status = 'pending'`,
      [reminderId],
    );
    if (!row) return;
    const message = row.user_id ? toMessage(row) : null;
    const recorded: string[] = row.delivered_channels ?? [];
    const delivered = [...recorded];
    let complete = message !== null;
    for (const channel of this.channels) {
      if (!message || recorded.includes(channel.name) || !channel.appliesTo(message)) continue;
      if (await channel.delivered?.(message).catch(() => false)) delivered.push(channel.name);
      else complete = false;
    }
    await this.reminders.query(
      `UPDATE reminder
          SET status = $3::varchar, delivered_channels = ARRAY(SELECT DISTINCT c FROM unnest($4::text[]) AS c ORDER BY c),
              last_error = CASE WHEN $3::varchar = 'sent' THEN NULL ELSE coalesce(last_error, $2) END,
              sent_at = CASE WHEN $3::varchar = 'sent' THEN $5::timestamptz ELSE sent_at END, claimed_until = NULL
        WHERE id = $1 AND status = 'pending'`,
      [reminderId, reason.slice(0, 2000), complete ? 'sent' : 'failed', delivered, this.clock.now()],
    );
  }

  /** Sends a failed row again: back to pending, and its job retried (or recreated after a flush). */
  async retry(actor: Actor, reminderId: string): Promise<ReminderView> {
    if (!(await this.visible(actor, reminderId))) throw notFound('催办记录');
    const [rows]: [unknown[], number] = await this.reminders.query(
      `UPDATE reminder SET status = 'pending' WHERE id = $1 AND status = 'failed' RETURNING id`,
      [reminderId],
    );
    if (rows.length) {
      const job = await this.queue.getJob(reminderId);
      if (job && (await job.isFailed())) await job.retry();
      else if (!job || !(await job.isActive())) {
        // A finished job (the row failed without the job failing, e.g. a missing recipient) keeps its
        // id in Redis and would make the new one a no-op: drop it first.
        await job?.remove();
        await this.enqueue([reminderId]);
      }
    }
    return this.view(reminderId);
  }

  /**
   * Re-enqueues ledger rows still pending. Job id = ledger id, so rows whose job is still queued,
   * running or waiting for a retry are untouched; rows whose job Redis lost get a new one.
   */
  async requeuePending(exclude: ReadonlySet<string> = new Set()): Promise<number> {
    const rows: { id: string }[] = await this.reminders.query(
      `SELECT id FROM reminder WHERE status = 'pending' ORDER BY created_at, id LIMIT $1`,
      [RECOVERY_BATCH],
    );
    const ids = rows.map((row) => row.id).filter((id) => !exclude.has(id));
    return this.enqueue(await this.withoutJobs(ids));
  }

  /** Ids whose job Redis no longer holds (a pipelined EXISTS is far cheaper than re-adding each job). */
  private async withoutJobs(ids: string[]): Promise<string[]> {
    if (!ids.length) return ids;
    try {
      const client = await (
        this.queue.getBackend() as unknown as { client: Promise<import('ioredis').Redis> }
      ).client;
      const missing: string[] = [];
      for (let i = 0; i < ids.length; i += 5000) {
        const chunk = ids.slice(i, i + 5000);
        const pipeline = client.pipeline();
        for (const id of chunk) pipeline.exists(this.queue.toKey(id));
        const results = (await withTimeout(pipeline.exec(), 30_000, 'Redis')) ?? [];
        chunk.forEach((id, index) => {
          const [error, exists] = results[index] ?? [null, 0];
          if (error || !exists) missing.push(id);
        });
      }
      return missing;
    } catch (error) {
      this.logger.warn(
        `could not check queued jobs, re-adding all ${ids.length}: ${(error as Error).message}`,
      );
      return ids;
    }
  }

  /**
   * After Redis lost its data (FLUSHALL, a restart without persistence) the schedule is gone and
   * pending rows have no jobs: put both back. Workers call this every half minute; true when it acted.
   */
  async ensureSchedule(): Promise<boolean> {
    const cron = this.config.reminders.cron.trim();
    if (!cron || cron === 'off' || (await this.queue.getJobScheduler(SWEEP_SCHEDULER_ID))) return false;
    await this.startSchedule();
    return true;
  }

  /** Worker boot: (re)register the sweep schedule, idempotent across restarts and replicas, and recover pending rows. */
  async startSchedule(): Promise<void> {
    const cron = this.config.reminders.cron.trim();
    if (!cron || cron === 'off') {
      await this.queue.removeJobScheduler(SWEEP_SCHEDULER_ID);
    } else {
      await this.queue.upsertJobScheduler(
        SWEEP_SCHEDULER_ID,
        { pattern: cron, tz: 'Asia/Shanghai' },
        { name: JOB.sweep, data: {}, opts: { attempts: 1, removeOnComplete: 100, removeOnFail: 100 } },
      );
    }
    const recovered = await this.requeuePending();
    if (recovered) this.logger.log(`re-enqueued ${recovered} pending reminders at start-up`);
  }

  async list(actor: Actor, query: ReminderListQuery): Promise<CappedPage<ReminderView>> {
    // The ledger grows every day (101,489 rows at 1M): its total stops counting at TOTAL_CAP.
    assertPageWithinCap(query.page, query.pageSize);
    const params = new SqlParams();
    const where: string[] = [];
    const scope = scopeOf(actor);
    if (scope.unitId) where.push(recipientInJurisdiction(params.add(scope.unitId)));
    if (query.status) where.push(`r.status = ${params.add(query.status)}`);
    if (query.rule) where.push(`r.rule = ${params.add(query.rule)}`);
    if (query.taskId) where.push(`r.task_id = ${params.add(query.taskId)}`);
    if (query.assignmentId) where.push(`r.assignment_id = ${params.add(query.assignmentId)}`);
    if (query.recipientId) where.push(`r.recipient_id = ${params.add(query.recipientId)}`);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: { total: number }[] = await this.reminders.query(
      `SELECT ${cappedCountSql(`FROM reminder r ${filter}`)} AS total`,
      params.values,
    );
    const page = new SqlParams(...params.values);
    const rows = await this.reminders.query(
      `${VIEW_SQL} ${filter} ORDER BY r.created_at DESC, r.id DESC
        LIMIT ${page.add(query.pageSize)} OFFSET ${page.add((query.page - 1) * query.pageSize)}`,
      page.values,
    );
    return { items: rows.map(toView), ...cappedTotal(total), page: query.page, pageSize: query.pageSize };
  }

  /** A supervisor sees the reminders sent to people of their jurisdiction. */
  private async visible(actor: Actor, reminderId: string): Promise<boolean> {
    const scope = scopeOf(actor);
    if (!scope.unitId) return true;
    const rows: unknown[] = await this.reminders.query(
      `SELECT 1 FROM reminder r WHERE r.id = $1 AND ${recipientInJurisdiction('$2')}`,
      [reminderId, scope.unitId],
    );
    return rows.length > 0;
  }

  private async view(id: string): Promise<ReminderView> {
    const [row] = await this.reminders.query(`${VIEW_SQL} WHERE r.id = $1`, [id]);
    if (!row) throw notFound('催办记录');
    return toView(row);
  }

  /**
   * Adds delivery jobs (job id = ledger id, so adding twice is a no-op), a few chunks in flight so
   * Redis works while the next chunk is built. Redis trouble is logged, not thrown: rows stay pending
   * and the next sweep re-enqueues them.
   */
  private async enqueue(ids: readonly string[]): Promise<number> {
    let enqueued = 0;
    let next = 0;
    let failure: Error | null = null;
    const lane = async () => {
      while (next < ids.length && !failure) {
        const chunk = ids.slice(next, (next += ENQUEUE_CHUNK));
        try {
          await withTimeout(
            this.queue.addBulk(
              chunk.map((id) => ({ name: JOB.deliver, data: { reminderId: id }, opts: { jobId: id } })),
            ),
            30_000,
            'Redis',
          );
          enqueued += chunk.length;
        } catch (error) {
          failure = error as Error;
        }
      }
    };
    await Promise.all(Array.from({ length: ENQUEUE_LANES }, lane));
    if (failure) {
      this.logger.warn(
        `enqueue failed after ${enqueued} of ${ids.length} jobs; the next sweep re-enqueues the rest: ${(failure as Error).message}`,
      );
    }
    return enqueued;
  }
}

/** Condition on reminder `r`: its recipient belongs to the subtree of the unit `?`. */
/** The ledger row's recipient works in the subtree of the unit `rootIdSql` (a placeholder). */
const recipientInJurisdiction = (rootIdSql: string) =>
  `EXISTS (SELECT 1 FROM app_user ru WHERE ru.id = r.recipient_id AND ${inSubtreeSql('ru.unit_id', rootIdSql)})`;

/** Ledger rows of `source` (the table or a CTE of its rows) with their recipient, as delivery reads them. */
const messageSql = (source: string) => `
  SELECT r.id, r.rule, r.kind, r.bucket::text AS bucket, r.task_id, r.assignment_id, r.title, r.body, r.payload,
         r.delivered_channels, r.created_at, u.id AS user_id, u.username, u.display_name, u.email, u.phone
    FROM ${source} r LEFT JOIN app_user u ON u.id = r.recipient_id`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toMessage(row: any): ReminderMessage {
  return {
    id: row.id,
    rule: row.rule,
    kind: row.kind,
    bucket: row.bucket,
    taskId: row.task_id,
    assignmentId: row.assignment_id,
    title: row.title,
    body: row.body,
    payload: row.payload ?? null,
    createdAt: new Date(row.created_at).toISOString(),
    recipient: {
      id: row.user_id,
      username: row.username,
      displayName: row.display_name,
      email: row.email,
      phone: row.phone,
    },
  };
}

/**
 * Workflow messages → ledger rows, one per recipient. Placeholders: kinds, audiences, units, tasks,
 * assignments, titles, bodies, payloads, bucket (today), source key, now.
 */
const recordMessagesSql = ([
  kinds,
  audiences,
  units,
  tasks,
  assignments,
  titles,
  bodies,
  payloads,
  bucket,
  key,
  now,
]: string[]) => `
  WITH m AS (
    SELECT * FROM unnest(${kinds}::text[], ${audiences}::text[], ${units}::uuid[], ${tasks}::uuid[], ${assignments}::uuid[], ${titles}::text[], ${bodies}::text[], ${payloads}::jsonb[])
      WITH ORDINALITY AS m(kind, audience, unit_id, task_id, assignment_id, title, body, payload, idx)
  ), over AS (
    -- Supervisors whose jurisdiction holds the unit, with its depth (a path is '/'-joined ids).
    SELECT m.idx, m.task_id, s.id AS recipient_id, coalesce(length(su.path), 0) AS depth
      FROM m
      JOIN unit au ON au.id = m.unit_id
      JOIN app_user s ON s.active AND 'supervisor' = ANY(s.roles)
      LEFT JOIN unit su ON su.id = s.unit_id
     WHERE m.audience = 'supervisors' AND (s.unit_id IS NULL OR ${pathWithinSql('au.path', 'su.path')})
  ), recipients AS (
    SELECT m.idx, u.id AS recipient_id
      FROM m JOIN app_user u ON u.unit_id = m.unit_id AND u.active
     WHERE m.audience = 'unit'
    UNION
    SELECT idx, recipient_id
      FROM (SELECT idx, recipient_id, rank() OVER (PARTITION BY idx ORDER BY depth DESC) AS nearness FROM over) ranked
     WHERE nearness = 1
    UNION
    SELECT o.idx, o.recipient_id FROM over o JOIN task t ON t.id = o.task_id AND t.created_by = o.recipient_id
  )
  INSERT INTO reminder (assignment_id, task_id, rule, kind, bucket, recipient_id, source_key, title, body, payload, created_at)
  SELECT m.assignment_id, m.task_id, m.kind, m.kind, ${bucket}, r.recipient_id, ${key}, m.title, m.body, m.payload, ${now}
    FROM recipients r JOIN m ON m.idx = r.idx
   ORDER BY m.idx, r.recipient_id
  ON CONFLICT DO NOTHING
  RETURNING id`;

const VIEW_SQL = `
  SELECT r.id, r.assignment_id, r.task_id, r.rule, r.kind, r.bucket::text AS bucket, r.recipient_id, u.display_name,
         r.title, r.status, r.attempts, r.delivered_channels, r.last_error, r.digest_id, r.created_at, r.sent_at
    FROM reminder r LEFT JOIN app_user u ON u.id = r.recipient_id`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toView(row: any): ReminderView {
  return {
    id: row.id,
    assignmentId: row.assignment_id,
    taskId: row.task_id,
    rule: row.rule,
    kind: row.kind,
    bucket: row.bucket,
    recipientId: row.recipient_id,
    recipientName: row.display_name ?? null,
    title: row.title,
    status: row.status,
    attempts: row.attempts,
    deliveredChannels: row.delivered_channels ?? [],
    lastError: row.last_error,
    digestId: row.digest_id,
    createdAt: new Date(row.created_at).toISOString(),
    sentAt: row.sent_at ? new Date(row.sent_at).toISOString() : null,
  };
}
