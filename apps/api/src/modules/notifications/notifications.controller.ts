import { Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import {
  notificationPageSchema,
  notificationQuerySchema,
  notificationViewSchema,
  readAllResultSchema,
} from '@duban/contracts';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import type { Actor } from '../../common/actor';
import { CurrentActor, RequirePermission } from '../../common/auth.decorators';
import { NotificationsService } from './notifications.service';

class NotificationQueryDto extends createZodDto(notificationQuerySchema) {}
class NotificationPageDto extends createZodDto(notificationPageSchema) {}
class NotificationViewDto extends createZodDto(notificationViewSchema) {}
class ReadAllResultDto extends createZodDto(readAllResultSchema) {}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('v1/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @ApiOperation({ summary: '我的消息' })
  @Get()
  @ZodResponse({ status: 200, type: NotificationPageDto })
  @RequirePermission('notifications.read')
  list(@CurrentActor() actor: Actor, @Query() query: NotificationQueryDto) {
    return this.notifications.list(actor, query);
  }

  @ApiOperation({ summary: '全部标为已读' })
  @Post('read-all')
  @ZodResponse({ status: 200, type: ReadAllResultDto })
  @RequirePermission('notifications.read')
  readAll(@CurrentActor() actor: Actor) {
    return this.notifications.markAllRead(actor);
  }

  @ApiOperation({ summary: '标为已读' })
  @Post(':id/read')
  @ZodResponse({ status: 200, type: NotificationViewDto })
  @RequirePermission('notifications.read')
  read(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.notifications.markRead(actor, id);
  }
}
