import { Body, Controller, Get, HttpCode, Ip, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  currentUserSchema,
  loginResponseSchema,
  loginSchema,
  refreshSchema,
  type LoginResponse,
} from '@duban/contracts';
import type { Request, Response } from 'express';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import type { Actor } from '../../common/actor';
import { CurrentActor, Public } from '../../common/auth.decorators';
import { AuthService } from './auth.service';

class LoginDto extends createZodDto(loginSchema) {}
class RefreshDto extends createZodDto(refreshSchema) {}
class LoginResponseDto extends createZodDto(loginResponseSchema) {}
class CurrentUserDto extends createZodDto(currentUserSchema) {}

/** The web keeps the refresh token where scripts cannot read it; only the auth routes receive it. */
const REFRESH_COOKIE = 'duban_refresh';
const COOKIE_PATH = '/api/v1/auth';

function cookieValue(request: Request, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name && value.length) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

function withCookie(request: Request, response: Response, session: LoginResponse): LoginResponse {
  response.cookie(REFRESH_COOKIE, session.refreshToken, {
    httpOnly: true,
    sameSite: 'strict',
    // Over HTTPS (directly or behind a trusted proxy) the cookie never travels in clear text.
    secure: request.secure,
    path: COOKIE_PATH,
    maxAge: session.refreshExpiresIn * 1000,
  });
  return session;
}

/** The body's token (API clients) or the cookie's (the web); the body may be absent. */
function refreshTokenOf(request: Request): string | undefined {
  const body = refreshSchema.safeParse(request.body ?? {});
  return (body.success ? body.data.refreshToken : undefined) ?? cookieValue(request, REFRESH_COOKIE);
}

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @ApiOperation({ summary: '用户名密码登录，返回访问令牌' })
  @Post('login')
  @Public()
  @ZodResponse({ status: 200, type: LoginResponseDto })
  async login(
    @Body() body: LoginDto,
    @Ip() address: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    return withCookie(request, response, await this.auth.login(body, address));
  }

  @ApiOperation({ summary: '用刷新令牌换取新的访问令牌' })
  @Post('refresh')
  @Public()
  @ZodResponse({ status: 200, type: LoginResponseDto })
  @ApiBody({ type: RefreshDto, required: false })
  async refresh(@Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return withCookie(request, response, await this.auth.refresh(refreshTokenOf(request)));
  }

  @ApiOperation({ summary: '退出登录（吊销本人的全部令牌）' })
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: '已退出' })
  @ApiBearerAuth()
  @ApiBody({ type: RefreshDto, required: false })
  async logout(
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    await this.auth.logout(actor, refreshTokenOf(request));
    response.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH });
  }

  @ApiOperation({ summary: '当前登录用户' })
  @Get('me')
  @ZodResponse({ status: 200, type: CurrentUserDto })
  @ApiBearerAuth()
  me(@CurrentActor() actor: Actor) {
    return this.auth.me(actor);
  }
}
