import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import {
  pageQuerySchema,
  reminderPageSchema,
  reminderRulesSchema,
  reminderViewSchema,
  sweepResultSchema,
  uuid,
} from '@duban/contracts';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { z } from 'zod';
import type { Actor } from '../../common/actor';
import { CurrentActor, RequirePermission } from '../../common/auth.decorators';
import { RemindersService } from './reminders.service';

class ReminderRulesDto extends createZodDto(reminderRulesSchema.strict()) {}
class ReminderRulesViewDto extends createZodDto(reminderRulesSchema) {}
class ReminderPageDto extends createZodDto(reminderPageSchema) {}
class ReminderViewDto extends createZodDto(reminderViewSchema) {}
class SweepResultDto extends createZodDto(sweepResultSchema) {}
class ReminderListQueryDto extends createZodDto(
  pageQuerySchema.extend({
    status: z
      .enum(['pending', 'sent', 'failed', 'digested'], {
        message: '状态应为 pending、sent、failed 或 digested',
      })
      .optional(),
    rule: z.string().trim().max(30).optional(),
    taskId: uuid.optional(),
    assignmentId: uuid.optional(),
    recipientId: uuid.optional(),
  }),
) {}

@ApiTags('reminders')
@ApiBearerAuth()
@Controller('v1/reminders')
export class RemindersController {
  constructor(private readonly reminders: RemindersService) {}

  /** The ledger: what was due, to whom, and whether it went out (`?status=failed` for trouble). */
  @ApiOperation({ summary: '提醒发送记录（可查失败）' })
  @Get()
  @ZodResponse({ status: 200, type: ReminderPageDto })
  @RequirePermission('reminders.sweep')
  list(@CurrentActor() actor: Actor, @Query() query: ReminderListQueryDto) {
    return this.reminders.list(actor, query);
  }

  // Supervisors read the rules their sweep applies; only admins change them.
  @ApiOperation({ summary: '查看提醒规则' })
  @Get('rules')
  @ZodResponse({ status: 200, type: ReminderRulesViewDto })
  @RequirePermission('reminders.sweep')
  rules() {
    return this.reminders.rules();
  }

  @ApiOperation({ summary: '修改提醒规则' })
  @Put('rules')
  @ZodResponse({ status: 200, type: ReminderRulesViewDto })
  @RequirePermission('reminders.rules')
  updateRules(@CurrentActor() actor: Actor, @Body() body: ReminderRulesDto) {
    return this.reminders.updateRules(actor, body);
  }

  /** The scheduler's sweep, now; running it twice sends nothing twice. */
  @ApiOperation({ summary: '立即执行一次提醒扫描' })
  @Post('sweep')
  @ZodResponse({ status: 200, type: SweepResultDto })
  @RequirePermission('reminders.sweep')
  sweep() {
    return this.reminders.sweep();
  }

  @ApiOperation({ summary: '重发失败的提醒' })
  @Post(':id/retry')
  @ZodResponse({ status: 200, type: ReminderViewDto })
  @RequirePermission('reminders.sweep')
  retry(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.reminders.retry(actor, id);
  }
}
