import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  addDays,
  ErrorCode,
  cockpitQuerySchema,
  cockpitViewSchema,
  documentStatsPageSchema,
  documentStatsQuerySchema,
  statsOverviewSchema,
  statsQuerySchema,
  taskFilterQuerySchema,
  trendQuerySchema,
  trendSchema,
  unitStatsPageSchema,
  unitStatsQuerySchema,
} from '@duban/contracts';
import type { Response } from 'express';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/actor';
import { AppError } from '../../common/app-error';
import { CurrentActor, RequirePermission } from '../../common/auth.decorators';
import { ApiFileResponse } from '../../common/openapi';
import { APP_CONFIG, type AppConfig } from '../../config/env.schema';
import { preparedDb, type Db } from '../../database/prepared';
import { scopeOf } from '../units/jurisdiction';
import { DeadlineSignals } from './deadline-signals';
import { cockpit } from './cockpit.queries';
import { byDocument, byUnit, overview, trend } from './dashboard.queries';
import { compactSoon } from './figures';
import { ledgerSize, writeLedger } from './ledger-export';

class StatsQueryDto extends createZodDto(statsQuerySchema) {}
class UnitStatsQueryDto extends createZodDto(unitStatsQuerySchema) {}
class TrendQueryDto extends createZodDto(trendQuerySchema) {}
class CockpitQueryDto extends createZodDto(cockpitQuerySchema) {}
class ExportQueryDto extends createZodDto(taskFilterQuerySchema) {}
class StatsOverviewDto extends createZodDto(statsOverviewSchema) {}
class DocumentStatsQueryDto extends createZodDto(documentStatsQuerySchema) {}
class UnitStatsPageDto extends createZodDto(unitStatsPageSchema) {}
class DocumentStatsPageDto extends createZodDto(documentStatsPageSchema) {}
class TrendDto extends createZodDto(trendSchema) {}
class CockpitViewDto extends createZodDto(cockpitViewSchema) {}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('stats')
@ApiBearerAuth()
@Controller('v1')
export class DashboardController {
  /** The figure reads, prepared (their parse and plan cost more than their run). */
  private readonly figures: Db;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly signals: DeadlineSignals,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.figures = preparedDb(dataSource, config.database.preparedStatements);
  }

  @ApiOperation({ summary: '统计总览：任务数、办结、逾期、临期、完成率' })
  @Get('stats/overview')
  @ZodResponse({ status: 200, type: StatsOverviewDto })
  @RequirePermission('stats.read')
  async overview(@CurrentActor() actor: Actor, @Query() query: StatsQueryDto) {
    return overview(this.figures, scopeOf(actor), query, await this.figureSignals());
  }

  @ApiOperation({ summary: '单位排名（分页，可按地区、文件筛选，按完成率、逾期数或任务数排序）' })
  @Get('stats/units')
  @ZodResponse({ status: 200, type: UnitStatsPageDto })
  @RequirePermission('stats.read')
  async units(@CurrentActor() actor: Actor, @Query() query: UnitStatsQueryDto) {
    const { sort, order, page, pageSize, ...filters } = query;
    const signals = await this.figureSignals();
    return byUnit(this.figures, scopeOf(actor), filters, signals, { by: sort, order, page, pageSize });
  }

  @ApiOperation({ summary: '按文件统计（分页，可按地区、文件筛选，按标题或数字排序）' })
  @Get('stats/documents')
  @ZodResponse({ status: 200, type: DocumentStatsPageDto })
  @RequirePermission('stats.read')
  async documents(@CurrentActor() actor: Actor, @Query() query: DocumentStatsQueryDto) {
    const { sort, order, page, pageSize, ...filters } = query;
    const signals = await this.figureSignals();
    return byDocument(this.figures, scopeOf(actor), filters, signals, { by: sort, order, page, pageSize });
  }

  @ApiOperation({ summary: '办结与新增逾期趋势' })
  @Get('stats/trend')
  @ZodResponse({ status: 200, type: TrendDto })
  @RequirePermission('stats.read')
  async trend(@CurrentActor() actor: Actor, @Query() query: TrendQueryDto) {
    const signals = await this.figureSignals();
    const to = query.to ?? signals.today;
    const from = query.from ?? addDays(to, -7 * 12);
    const filters = { regionId: query.regionId, documentId: query.documentId };
    return {
      items: await trend(this.figures, scopeOf(actor), filters, signals, {
        from,
        to,
        interval: query.interval,
      }),
    };
  }

  @Get('stats/cockpit')
  @ZodResponse({ status: 200, type: CockpitViewDto })
  @ApiOperation({ summary: '领导驾驶舱：红黄绿灯、落后序时进度的单位、有批示的任务' })
  @RequirePermission('stats.read')
  async cockpit(@CurrentActor() actor: Actor, @Query() query: CockpitQueryDto) {
    return cockpit(this.figures, scopeOf(actor), query, await this.figureSignals());
  }

  /** Today's signal parameters; each figure request also lets the counters' deltas be compacted soon. */
  private async figureSignals() {
    const signals = await this.signals.params();
    compactSoon(this.dataSource, signals.today);
    return signals;
  }

  @ApiOperation({ summary: '导出督办台账（Excel）' })
  @Get('exports/tasks.xlsx')
  @RequirePermission('exports.read')
  @ApiFileResponse(XLSX, '督办台账工作簿（流式写出，不经响应 schema）')
  async exportLedger(
    @CurrentActor() actor: Actor,
    @Query() query: ExportQueryDto,
    @Res() response: Response,
  ) {
    const signals = await this.signals.params();
    const max = this.config.exportMaxTasks;
    // Refused before the first byte: a half-written workbook would reach the clerk as a broken file.
    if ((await ledgerSize(this.dataSource, scopeOf(actor), query, signals, max)) > max)
      throw new AppError(
        ErrorCode.Validation,
        `导出范围内的督办事项超过 ${max.toLocaleString('en-US')} 项，请按地区、文件、状态或期限筛选后分批导出`,
      );
    response.setHeader('Content-Type', XLSX);
    response.setHeader(
      'Content-Disposition',
      `attachment; filename*=UTF-8''${encodeURIComponent(`督办台账-${signals.today}.xlsx`)}`,
    );
    await writeLedger(this.dataSource, scopeOf(actor), query, signals, response);
  }
}
