import { ErrorCode } from '@duban/contracts';
import { AppError } from './app-error';

/**
 * Runs at most `slots` jobs at once and queues the rest in arrival order. Beyond `maxWaiting` queued jobs
 * a caller is refused at once with `busyMessage` (503, Retry-After): a flood gets an answer, not a queue
 * minutes long.
 */
export class WorkSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly slots: number,
    private readonly maxWaiting: number,
    private readonly busyMessage: string,
  ) {}

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running < this.slots) this.running++;
    else if (this.waiting.length >= this.maxWaiting)
      throw new AppError(ErrorCode.Unavailable, this.busyMessage, { retryAfterSeconds: 2 });
    // A finishing job hands its slot straight to the first in the queue, so `running` stays counted.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await job();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
