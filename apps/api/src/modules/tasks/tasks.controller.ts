import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  cancelTaskSchema,
  commentSchema,
  createTaskSchema,
  taskListQuerySchema,
  updateTaskSchema,
  urgeSchema,
} from '@duban/contracts';
import { createZodDto } from 'nestjs-zod';
import type { Actor } from '../../common/actor';
import { CurrentActor, RequirePermission } from '../../common/auth.decorators';
import { TasksService } from './tasks.service';

class TaskListQueryDto extends createZodDto(taskListQuerySchema) {}
class CreateTaskDto extends createZodDto(createTaskSchema) {}
class UpdateTaskDto extends createZodDto(updateTaskSchema) {}
class UrgeDto extends createZodDto(urgeSchema) {}
class CommentDto extends createZodDto(commentSchema) {}
class CancelTaskDto extends createZodDto(cancelTaskSchema) {}

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('v1/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @RequirePermission('tasks.read')
  list(@CurrentActor() actor: Actor, @Query() query: TaskListQueryDto) {
    return this.tasks.list(actor, query);
  }

  @Get(':id')
  @RequirePermission('tasks.read')
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.tasks.get(actor, id);
  }

  @Post()
  @RequirePermission('tasks.write')
  create(@CurrentActor() actor: Actor, @Body() body: CreateTaskDto) {
    return this.tasks.createAdHoc(actor, body);
  }

  @Patch(':id')
  @RequirePermission('tasks.write')
  update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateTaskDto) {
    return this.tasks.update(actor, id, body);
  }

  /** 撤销: the task stops, with a reason; its units are told. */
  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermission('tasks.write')
  cancel(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: CancelTaskDto) {
    return this.tasks.cancel(actor, id, body.reason);
  }

  @Post(':id/urge')
  @HttpCode(200)
  @RequirePermission('tasks.urge')
  urge(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: UrgeDto) {
    return this.tasks.urge(actor, id, body);
  }

  /** 批示 by a leader, or a supervisor's note. */
  @Post(':id/comments')
  @RequirePermission('tasks.comment')
  comment(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: CommentDto) {
    return this.tasks.comment(actor, id, body.content);
  }
}
