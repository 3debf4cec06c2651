import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { loginSchema } from '@duban/contracts';
import { createZodDto } from 'nestjs-zod';
import type { Actor } from '../../common/actor';
import { CurrentActor, Public } from '../../common/auth.decorators';
import { AuthService } from './auth.service';

class LoginDto extends createZodDto(loginSchema) {}

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @ApiOperation({ summary: '用户名密码登录，返回访问令牌' })
  @Post('login')
  @Public()
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  login(@Body() body: LoginDto) {
    return this.auth.login(body);
  }

  @ApiOperation({ summary: '当前登录用户' })
  @Get('me')
  @ApiBearerAuth()
  me(@CurrentActor() actor: Actor) {
    return this.auth.me(actor);
  }
}
