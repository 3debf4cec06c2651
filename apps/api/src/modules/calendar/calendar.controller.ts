import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import {
  calendarDateParamSchema,
  calendarDayViewSchema,
  calendarOverrideSchema,
  calendarYearQuerySchema,
  calendarYearSchema,
} from '@duban/contracts';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import type { Actor } from '../../common/actor';
import { CurrentActor, RequirePermission } from '../../common/auth.decorators';
import { CalendarService } from './calendar.service';

class CalendarYearQueryDto extends createZodDto(calendarYearQuerySchema) {}
class CalendarDateParamDto extends createZodDto(calendarDateParamSchema) {}
class CalendarOverrideDto extends createZodDto(calendarOverrideSchema.strict()) {}
class CalendarYearDto extends createZodDto(calendarYearSchema) {}
class CalendarDayViewDto extends createZodDto(calendarDayViewSchema) {}

/** 工作日历: the packaged holidays plus an admin's overrides, which reminders count working days by. */
@ApiTags('calendar')
@ApiBearerAuth()
@Controller('v1/calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @ApiOperation({ summary: '某年的工作日历（节假日与调休）' })
  @Get()
  @ZodResponse({ status: 200, type: CalendarYearDto })
  @RequirePermission('calendar.manage')
  year(@Query() query: CalendarYearQueryDto) {
    return this.calendar.year(query.year);
  }

  @ApiOperation({ summary: '设置某日为工作日或休息日' })
  @Put('days/:date')
  @ZodResponse({ status: 200, type: CalendarDayViewDto })
  @RequirePermission('calendar.manage')
  setOverride(
    @CurrentActor() actor: Actor,
    @Param() params: CalendarDateParamDto,
    @Body() body: CalendarOverrideDto,
  ) {
    return this.calendar.setOverride(actor, params.date, body);
  }

  @ApiOperation({ summary: '恢复某日的法定安排' })
  @Delete('days/:date')
  @HttpCode(204)
  @ApiNoContentResponse({ description: '已恢复' })
  @RequirePermission('calendar.manage')
  async removeOverride(@CurrentActor() actor: Actor, @Param() params: CalendarDateParamDto) {
    await this.calendar.removeOverride(actor, params.date);
  }
}
