import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { healthSchema } from '@duban/contracts';
import { Queue } from 'bullmq';
import type { Response } from 'express';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { Public } from '../../common/auth.decorators';
import { withTimeout } from '../../common/with-timeout';
import { Transactions } from '../../database/transactions';
import { QUEUE } from '../../queue/queues';

const TIMEOUT_MS = 2000;

class HealthDto extends createZodDto(healthSchema) {}

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
      withTimeout(this.database.ping(), TIMEOUT_MS, 'PostgreSQL').then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      withTimeout(this.queue.count(), TIMEOUT_MS, 'Redis').then(
        () => 'up' as const,
        () => 'down' as const,
      ),
    ]);
    const ok = db === 'up' && redis === 'up';
    response.status(ok ? 200 : 503);
    return { status: ok ? ('ok' as const) : ('error' as const), db, redis };
  }
}
