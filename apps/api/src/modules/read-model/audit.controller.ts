import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  auditActorOptionSchema,
  auditActorQuerySchema,
  auditPageSchema,
  auditQuerySchema,
} from '@duban/contracts';
import { InjectDataSource } from '@nestjs/typeorm';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/actor';
import { CurrentActor, RequirePermission } from '../../common/auth.decorators';
import { auditActors, auditTrail } from './audit-trail.queries';

class AuditQueryDto extends createZodDto(auditQuerySchema) {}
class AuditActorQueryDto extends createZodDto(auditActorQuerySchema) {}
class AuditPageDto extends createZodDto(auditPageSchema) {}
class AuditActorOptionDto extends createZodDto(auditActorOptionSchema) {}

/** Read-only on purpose: no route writes, changes or deletes audit rows. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit')
export class AuditController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @ZodResponse({ status: 200, type: AuditPageDto })
  @ApiOperation({ summary: '审计日志（分页，可按操作人、单位、对象筛选）' })
  @RequirePermission('audit.read')
  list(@CurrentActor() actor: Actor, @Query() query: AuditQueryDto) {
    return auditTrail(this.dataSource, actor, query);
  }

  @Get('actors')
  @ZodResponse({ status: 200, type: [AuditActorOptionDto] })
  @ApiOperation({ summary: '审计日志的操作人选项（按姓名或用户名查找）' })
  @RequirePermission('audit.read')
  actors(@CurrentActor() actor: Actor, @Query() query: AuditActorQueryDto) {
    return auditActors(this.dataSource, actor, query.q);
  }
}
