import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  inboxCountsSchema,
  inboxPageSchema,
  inboxQuerySchema,
  type InboxCounts,
  type InboxPage,
} from '@duban/contracts';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/actor';
import { CurrentActor, RequirePermission } from '../../common/auth.decorators';
import { Clock } from '../../common/clock';
import { APP_CONFIG, type AppConfig } from '../../config/env.schema';
import { preparedDb, type Db } from '../../database/prepared';
import { scopeOf } from '../units/jurisdiction';
import { inboxCounts, inboxItems } from './inbox.queries';

class InboxQueryDto extends createZodDto(inboxQuerySchema) {}
class InboxCountsDto extends createZodDto(inboxCountsSchema) {}
class InboxPageDto extends createZodDto(inboxPageSchema) {}

/** 待办: what waits for a supervisor in their jurisdiction. Decisions go through the task routes. */
@ApiTags('inbox')
@ApiBearerAuth()
@Controller('v1/inbox')
export class InboxController {
  /** The inbox reads, prepared: the counts run on every page a supervisor opens. */
  private readonly db: Db;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.db = preparedDb(dataSource, config.database.preparedStatements);
  }

  /** Counts for the menu badge and the tabs. */
  @ApiOperation({ summary: '待办数量（菜单角标与各页签）' })
  @Get('counts')
  @ZodResponse({ status: 200, type: InboxCountsDto })
  @RequirePermission('reports.review')
  counts(@CurrentActor() actor: Actor): Promise<InboxCounts> {
    return inboxCounts(this.db, scopeOf(actor), this.clock.today());
  }

  /** One kind of 待办, oldest first (overdue: earliest deadline first). */
  @ApiOperation({ summary: '待办列表：待审核进展、延期与办结申请、待催办的逾期事项' })
  @Get()
  @ZodResponse({ status: 200, type: InboxPageDto })
  @RequirePermission('reports.review')
  list(@CurrentActor() actor: Actor, @Query() query: InboxQueryDto): Promise<InboxPage> {
    return inboxItems(this.db, scopeOf(actor), this.clock.today(), query);
  }
}
