import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import {
  cancelTaskSchema,
  commentSchema,
  createTaskSchema,
  taskDetailSchema,
  taskListQuerySchema,
  taskPageSchema,
  updateTaskSchema,
  urgeResultSchema,
  urgeSchema,
} from '@duban/contracts';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import type { Actor } from '../../common/actor';
import { CurrentActor, RequirePermission } from '../../common/auth.decorators';
import { ZodTextResponse } from '../../common/json-text';
import { TaskReads } from '../read-model/task-reads.service';
import { TasksService } from './tasks.service';

class TaskListQueryDto extends createZodDto(taskListQuerySchema) {}
class CreateTaskDto extends createZodDto(createTaskSchema) {}
class UpdateTaskDto extends createZodDto(updateTaskSchema) {}
class UrgeDto extends createZodDto(urgeSchema) {}
class CommentDto extends createZodDto(commentSchema) {}
class CancelTaskDto extends createZodDto(cancelTaskSchema) {}
class TaskPageDto extends createZodDto(taskPageSchema) {}
/** Also the answer of the assignment moves that change the task (销号, 重新交办). */
export class TaskDetailDto extends createZodDto(taskDetailSchema) {}
class UrgeResultDto extends createZodDto(urgeResultSchema) {}

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('v1/tasks')
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly reads: TaskReads,
  ) {}

  @ApiOperation({ summary: '督办事项列表（可按文件、单位、状态、灯色筛选）' })
  @Get()
  @ZodTextResponse({ status: 200, type: TaskPageDto })
  @RequirePermission('tasks.read')
  list(@CurrentActor() actor: Actor, @Query() query: TaskListQueryDto) {
    return this.reads.list(actor, query);
  }

  @ApiOperation({ summary: '任务详情：承办单位、进展、延期、批示、办理记录' })
  @Get(':id')
  @ZodResponse({ status: 200, type: TaskDetailDto })
  @RequirePermission('tasks.read')
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.reads.get(actor, id);
  }

  @ApiOperation({ summary: '新建督办任务' })
  @Post()
  @ZodResponse({ status: 201, type: TaskDetailDto })
  @RequirePermission('tasks.write')
  create(@CurrentActor() actor: Actor, @Body() body: CreateTaskDto) {
    return this.tasks.createAdHoc(actor, body);
  }

  @ApiOperation({ summary: '修改任务' })
  @Patch(':id')
  @ZodResponse({ status: 200, type: TaskDetailDto })
  @RequirePermission('tasks.write')
  update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateTaskDto) {
    return this.tasks.update(actor, id, body);
  }

  /** 撤销: the task stops, with a reason; its units are told. */
  @ApiOperation({ summary: '撤销任务' })
  @Post(':id/cancel')
  @ZodResponse({ status: 200, type: TaskDetailDto })
  @RequirePermission('tasks.write')
  cancel(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: CancelTaskDto) {
    return this.tasks.cancel(actor, id, body.reason);
  }

  @ApiOperation({ summary: '催办' })
  @Post(':id/urge')
  @ZodResponse({ status: 200, type: UrgeResultDto })
  @RequirePermission('tasks.urge')
  urge(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: UrgeDto) {
    return this.tasks.urge(actor, id, body);
  }

  /** 批示 by a leader, or a supervisor's note. */
  @ApiOperation({ summary: '领导批示或添加意见' })
  @Post(':id/comments')
  @ZodResponse({ status: 201, type: TaskDetailDto })
  @RequirePermission('tasks.comment')
  comment(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: CommentDto) {
    return this.tasks.comment(actor, id, body.content);
  }
}
