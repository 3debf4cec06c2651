import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  auditActorOptionSchema,
  auditActorQuerySchema,
  auditPageSchema,
  auditQuerySchema,
} from '@duban/contracts';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import type { Actor } from '../../common/actor';
import { CurrentActor, RequirePermission } from '../../common/auth.decorators';
import { AuditService } from './audit.service';

class AuditQueryDto extends createZodDto(auditQuerySchema) {}
class AuditActorQueryDto extends createZodDto(auditActorQuerySchema) {}
class AuditPageDto extends createZodDto(auditPageSchema) {}
class AuditActorOptionDto extends createZodDto(auditActorOptionSchema) {}

/** Read-only on purpose: no route writes, changes or deletes audit rows. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ZodResponse({ status: 200, type: AuditPageDto })
  @ApiOperation({ summary: '审计日志（分页，可按操作人、单位、对象筛选）' })
  @RequirePermission('audit.read')
  list(@CurrentActor() actor: Actor, @Query() query: AuditQueryDto) {
    return this.audit.list(actor, query);
  }

  @Get('actors')
  @ZodResponse({ status: 200, type: [AuditActorOptionDto] })
  @ApiOperation({ summary: '审计日志的操作人选项（按姓名或用户名查找）' })
  @RequirePermission('audit.read')
  actors(@CurrentActor() actor: Actor, @Query() query: AuditActorQueryDto) {
    return this.audit.actors(actor, query.q);
  }
}
