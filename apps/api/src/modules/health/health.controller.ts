import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { healthSchema } from '@duban/contracts';
import { Queue } from 'bullmq';
import type { Response } from 'express';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { Public } from '../../common/auth.decorators';
import { Transactions } from '../../database/transactions';
import { QUEUE } from '../../queue/queues';

const TIMEOUT_MS = 2000;

class HealthDto extends createZodDto(healthSchema) {}

function within<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  // Cleared once the race is decided, so a health check leaves no timer behind to hold up shutdown.
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS))),
  ]).finally(() => clearTimeout(timer));
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: Transactions,
    @InjectQueue(QUEUE.reminders) private readonly queue: Queue,
  ) {}

  @ApiOperation({ summary: '健康检查（数据库、Redis）' })
  @Get()
  @ZodResponse({ status: 200, type: HealthDto })
  @ApiResponse({ status: 503, description: '数据库或 Redis 不可用', type: HealthDto.Output })
  @Public()
  async check(@Res({ passthrough: true }) response: Response) {
    const [db, redis] = await Promise.all([
      within(this.database.ping()).then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      within(this.queue.count()).then(
        () => 'up' as const,
        () => 'down' as const,
      ),
    ]);
    const ok = db === 'up' && redis === 'up';
    response.status(ok ? 200 : 503);
    return { status: ok ? ('ok' as const) : ('error' as const), db, redis };
  }
}
