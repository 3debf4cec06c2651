import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import {
  assignmentSummarySchema,
  completionRequestSchema,
  decisionSchema,
  extensionRequestSchema,
  extensionRequestViewSchema,
  myAssignmentPageSchema,
  myAssignmentsQuerySchema,
  progressReportViewSchema,
  reassignSchema,
  returnAssignmentSchema,
  submitReportSchema,
} from '@duban/contracts';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import type { Actor } from '../../common/actor';
import { CurrentActor, RequirePermission } from '../../common/auth.decorators';
import { ZodTextResponse } from '../../common/json-text';
import { TaskReads } from '../read-model/task-reads.service';
import { AssignmentsService } from './assignments.service';
import { TaskDetailDto } from './tasks.controller';

class MyAssignmentsQueryDto extends createZodDto(myAssignmentsQuerySchema) {}
class ReturnDto extends createZodDto(returnAssignmentSchema) {}
class ReassignDto extends createZodDto(reassignSchema) {}
class ReportDto extends createZodDto(submitReportSchema) {}
class DecisionDto extends createZodDto(decisionSchema) {}
class ExtensionDto extends createZodDto(extensionRequestSchema) {}
class CompletionDto extends createZodDto(completionRequestSchema) {}
class MyAssignmentPageDto extends createZodDto(myAssignmentPageSchema) {}
class AssignmentSummaryDto extends createZodDto(assignmentSummarySchema) {}
class ProgressReportViewDto extends createZodDto(progressReportViewSchema) {}
class ExtensionRequestViewDto extends createZodDto(extensionRequestViewSchema) {}

@ApiTags('assignments')
@ApiBearerAuth()
@Controller('v1')
export class AssignmentsController {
  constructor(
    private readonly assignments: AssignmentsService,
    private readonly reads: TaskReads,
  ) {}

  @ApiOperation({ summary: '本单位的任务（我的任务）' })
  @Get('assignments/mine')
  @ZodTextResponse({ status: 200, type: MyAssignmentPageDto })
  @RequirePermission('assignments.act')
  mine(@CurrentActor() actor: Actor, @Query() query: MyAssignmentsQueryDto) {
    return this.reads.mine(actor, query);
  }

  @ApiOperation({ summary: '签收任务' })
  @Post('assignments/:id/accept')
  @ZodResponse({ status: 200, type: AssignmentSummaryDto })
  @RequirePermission('assignments.act')
  accept(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.assignments.accept(actor, id);
  }

  @ApiOperation({ summary: '退回任务（说明理由）' })
  @Post('assignments/:id/return')
  @ZodResponse({ status: 200, type: AssignmentSummaryDto })
  @RequirePermission('assignments.act')
  returnAssignment(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ReturnDto,
  ) {
    return this.assignments.returnAssignment(actor, id, body.reason);
  }

  @ApiOperation({ summary: '重新交办给其他单位' })
  @Post('assignments/:id/reassign')
  @ZodResponse({ status: 200, type: TaskDetailDto })
  @RequirePermission('tasks.write')
  reassign(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: ReassignDto) {
    return this.assignments.reassign(actor, id, body.unitId);
  }

  @ApiOperation({ summary: '进展填报（可附佐证材料）' })
  @Post('assignments/:id/reports')
  @ZodResponse({ status: 201, type: ProgressReportViewDto })
  @RequirePermission('assignments.act')
  report(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: ReportDto) {
    return this.assignments.submitReport(actor, id, body);
  }

  @ApiOperation({ summary: '审核进展填报' })
  @Post('reports/:id/review')
  @ZodResponse({ status: 200, type: ProgressReportViewDto })
  @RequirePermission('reports.review')
  review(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: DecisionDto) {
    return this.assignments.reviewReport(actor, id, body);
  }

  @ApiOperation({ summary: '申请延期' })
  @Post('assignments/:id/extension-requests')
  @ZodResponse({ status: 201, type: ExtensionRequestViewDto })
  @RequirePermission('assignments.act')
  requestExtension(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ExtensionDto,
  ) {
    return this.assignments.requestExtension(actor, id, body);
  }

  @ApiOperation({ summary: '审批延期申请' })
  @Post('extension-requests/:id/decide')
  @ZodResponse({ status: 200, type: ExtensionRequestViewDto })
  @RequirePermission('extensions.decide')
  decideExtension(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: DecisionDto,
  ) {
    return this.assignments.decideExtension(actor, id, body);
  }

  @ApiOperation({ summary: '申请办结' })
  @Post('assignments/:id/completion-request')
  @ZodResponse({ status: 200, type: AssignmentSummaryDto })
  @RequirePermission('assignments.act')
  requestCompletion(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CompletionDto,
  ) {
    return this.assignments.requestCompletion(actor, id, body.summary);
  }

  @ApiOperation({ summary: '办结销号审核' })
  @Post('assignments/:id/complete')
  @ZodResponse({ status: 200, type: TaskDetailDto })
  @RequirePermission('completions.decide')
  complete(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: DecisionDto) {
    return this.assignments.decideCompletion(actor, id, body);
  }
}
