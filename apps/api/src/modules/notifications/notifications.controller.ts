import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import { notificationQuerySchema } from '@duban/contracts';
import { createZodDto } from 'nestjs-zod';
import type { Actor } from '../../common/actor';
import { CurrentActor, RequirePermission } from '../../common/auth.decorators';
import { NotificationsService } from './notifications.service';

class NotificationQueryDto extends createZodDto(notificationQuerySchema) {}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('v1/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @ApiOperation({ summary: '我的消息' })
  @Get()
  @RequirePermission('notifications.read')
  list(@CurrentActor() actor: Actor, @Query() query: NotificationQueryDto) {
    return this.notifications.list(actor, query);
  }

  @ApiOperation({ summary: '全部标为已读' })
  @Post('read-all')
  @HttpCode(200)
  @RequirePermission('notifications.read')
  readAll(@CurrentActor() actor: Actor) {
    return this.notifications.markAllRead(actor);
  }

  @ApiOperation({ summary: '标为已读' })
  @Post(':id/read')
  @HttpCode(200)
  @RequirePermission('notifications.read')
  read(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.notifications.markRead(actor, id);
  }
}
