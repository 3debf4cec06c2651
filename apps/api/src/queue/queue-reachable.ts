import { ErrorCode } from '@duban/contracts';
import type { Queue } from 'bullmq';
import { AppError } from '../common/app-error';

/**
 * Refuses at once (503, Retry-After) when the queue's Redis connection is not up: BullMQ would keep
 * the command in memory until Redis returns and the request would hang.
 */
export async function assertQueueReachable(queue: Queue): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  // The timer is cleared once the race is decided: left running, it held a shutting-down process 3 s.
  const client = await Promise.race([
    queue.backend.connection.client,
    new Promise<null>((resolve) => (timer = setTimeout(resolve, 3000, null))),
  ]).finally(() => clearTimeout(timer));
  if (client?.status !== 'ready')
    throw new AppError(ErrorCode.Unavailable, '任务队列（Redis）暂时不可用，请稍后重试');
}
