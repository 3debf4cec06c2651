import { ErrorCode } from '@duban/contracts';
import { AppError } from './app-error';
import { WorkSlots } from './work-slots';

/** A job that holds its slot until `release` is called. */
function heldJob(counters: { now: number; max: number }) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const job = async () => {
    counters.now++;
    counters.max = Math.max(counters.max, counters.now);
    await held;
    counters.now--;
    return 'done';
  };
  return { job, release };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('WorkSlots', () => {
  it('runs at most `slots` jobs at once and the queued ones in arrival order', async () => {
    const slots = new WorkSlots(2, 10, 'busy');
    const counters = { now: 0, max: 0 };
    const jobs = Array.from({ length: 5 }, () => heldJob(counters));
    const started: number[] = [];
    const results = jobs.map((held, index) =>
      slots.run(() => {
        started.push(index);
        return held.job();
      }),
    );
    await settle();
    expect(started).toEqual([0, 1]);
    jobs[1].release();
    await settle();
    expect(started).toEqual([0, 1, 2]);
    for (const held of jobs) held.release();
    await expect(Promise.all(results)).resolves.toEqual(Array(5).fill('done'));
    expect(counters.max).toBe(2);
  });

  it('refuses a caller beyond the queue with a 503 and a message, and frees the slot of a failed job', async () => {
    const slots = new WorkSlots(1, 1, '登录人数较多，请稍后再试');
    const counters = { now: 0, max: 0 };
    const first = heldJob(counters);
    const running = slots.run(first.job);
    const queued = slots.run(async () => 'queued');
    const refused = slots.run(async () => 'refused');
    await expect(refused).rejects.toMatchObject({
      code: ErrorCode.Unavailable,
      message: '登录人数较多，请稍后再试',
    });
    await expect(refused).rejects.toBeInstanceOf(AppError);
    first.release();
    await expect(running).resolves.toBe('done');
    await expect(queued).resolves.toBe('queued');
    await expect(slots.run(async () => Promise.reject(new Error('hash failed')))).rejects.toThrow(
      'hash failed',
    );
    await expect(slots.run(async () => 'after a failure')).resolves.toBe('after a failure');
  });
});
