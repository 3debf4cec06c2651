import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../../config/env.schema';
import { JOB, QUEUE, RETENTION_SCHEDULER_ID } from '../../queue/queues';
import { LedgerRetentionService } from './ledger-retention.service';

/** Worker only: schedules the daily ledger retention (RETENTION_CRON, `off` removes it) and runs it. */
@Processor(QUEUE.maintenance, { concurrency: 1 })
export class LedgerRetentionProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly retention: LedgerRetentionService,
    @InjectQueue(QUEUE.maintenance) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    const cron = this.config.retention.cron.trim();
    if (!cron || cron === 'off') {
      await this.queue.removeJobScheduler(RETENTION_SCHEDULER_ID);
      return;
    }
    await this.queue.upsertJobScheduler(
      RETENTION_SCHEDULER_ID,
      { pattern: cron, tz: 'Asia/Shanghai' },
      { name: JOB.retention, data: {}, opts: { attempts: 1, removeOnComplete: 30, removeOnFail: 30 } },
    );
  }

  async process(): Promise<unknown> {
    return this.retention.run();
  }
}
