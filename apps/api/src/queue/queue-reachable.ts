import { ErrorCode } from '@duban/contracts';
import type { Queue } from 'bullmq';
import { AppError } from '../common/app-error';
import { withTimeout } from '../common/with-timeout';

/**
 * Refuses at once (503, Retry-After) when the queue's Redis connection is not up: BullMQ would keep
 * the command in memory until Redis returns and the request would hang.
 */
export async function assertQueueReachable(queue: Queue): Promise<void> {
  const client = await withTimeout(queue.backend.connection.client, 3000, 'Redis').catch(() => null);
  if (client?.status !== 'ready')
    throw new AppError(ErrorCode.Unavailable, '任务队列（Redis）暂时不可用，请稍后重试');
}
