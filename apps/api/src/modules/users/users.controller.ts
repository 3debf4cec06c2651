import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import {
  createUserSchema,
  updateUserSchema,
  userListQuerySchema,
  userPageSchema,
  userViewSchema,
} from '@duban/contracts';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import type { Actor } from '../../common/actor';
import { CurrentActor, RequirePermission } from '../../common/auth.decorators';
import { UsersService } from './users.service';

class UserListQueryDto extends createZodDto(userListQuerySchema) {}
class UserPageDto extends createZodDto(userPageSchema) {}
class UserViewDto extends createZodDto(userViewSchema) {}
class CreateUserDto extends createZodDto(createUserSchema) {}
class UpdateUserDto extends createZodDto(updateUserSchema) {}

@ApiTags('users')
@ApiBearerAuth()
@Controller('v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @ApiOperation({ summary: '用户列表' })
  @Get()
  @ZodResponse({ status: 200, type: UserPageDto })
  @RequirePermission('users.manage')
  list(@Query() query: UserListQueryDto) {
    return this.users.list(query);
  }

  @ApiOperation({ summary: '新增用户' })
  @Post()
  @ZodResponse({ status: 201, type: UserViewDto })
  @RequirePermission('users.manage')
  create(@CurrentActor() actor: Actor, @Body() body: CreateUserDto) {
    return this.users.create(actor, body);
  }

  @ApiOperation({ summary: '修改用户' })
  @Patch(':id')
  @ZodResponse({ status: 200, type: UserViewDto })
  @RequirePermission('users.manage')
  update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateUserDto) {
    return this.users.update(actor, id, body);
  }
}
