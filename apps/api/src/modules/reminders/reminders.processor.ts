import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import { JOB, QUEUE, type DeliverJobData, type SweepJobData } from '../../queue/queues';
import { RemindersService } from './reminders.service';

const SCHEDULE_CHECK_MS = 30_000;

/** Runs in worker instances only; dispatches to RemindersService. */
@Processor(QUEUE.reminders, { concurrency: 16 })
export class RemindersProcessor extends WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RemindersProcessor');
  private watchdog: NodeJS.Timeout | null = null;

  constructor(private readonly reminders: RemindersService) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.reminders.startSchedule();
    // Redis may lose the schedule while this worker runs (FLUSHALL, a restart without persistence).
    this.watchdog = setInterval(() => {
      this.reminders.ensureSchedule().then(
        (restored) => restored && this.logger.warn('sweep schedule was missing from Redis: registered again'),
        () => undefined, // Redis still away: the next check tries again.
      );
    }, SCHEDULE_CHECK_MS);
    this.watchdog.unref();
  }

  onApplicationShutdown(): void {
    if (this.watchdog) clearInterval(this.watchdog);
  }

  async process(job: Job<SweepJobData | DeliverJobData>, token?: string): Promise<unknown> {
    switch (job.name) {
      case JOB.sweep: {
        const { at } = job.data as SweepJobData;
        return this.reminders.sweep(at ? new Date(at) : undefined);
      }
      case JOB.deliver: {
        const outcome = await this.reminders.deliver((job.data as DeliverJobData).reminderId, {
          finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
        });
        if (outcome !== 'busy') return outcome;
        // Another attempt holds the row: come back once it has finished, without spending an attempt.
        await job.moveToDelayed(Date.now() + 15_000, token);
        throw new DelayedError();
      }
      default:
        throw new Error(`unknown job ${job.name}`);
    }
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<DeliverJobData> | undefined, error: Error): Promise<void> {
    // BullMQ reports every failed attempt; only a job it has given up on (failed state) is final.
    if (job?.name !== JOB.deliver || (await job.getState()) !== 'failed') return;
    await this.reminders.deliveryAbandoned(job.data.reminderId, error.message);
  }
}
