import { Body, Controller, Get, HttpCode, Ip, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { loginSchema, refreshSchema, type LoginResponse } from '@duban/contracts';
import type { Request, Response } from 'express';
import { createZodDto } from 'nestjs-zod';
import type { Actor } from '../../common/actor';
import { CurrentActor, Public } from '../../common/auth.decorators';
import { AuthService } from './auth.service';

class LoginDto extends createZodDto(loginSchema) {}
class RefreshDto extends createZodDto(refreshSchema) {}

/** The web keeps the refresh token where scripts cannot read it; only the auth routes receive it. */
export const REFRESH_COOKIE = 'duban_refresh';
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

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  async login(
    @Body() body: LoginDto,
    @Ip() address: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    return withCookie(request, response, await this.auth.login(body, address));
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  async refresh(
    @Body() body: RefreshDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const session = await this.auth.refresh(body.refreshToken ?? cookieValue(request, REFRESH_COOKIE));
    return withCookie(request, response, session);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  async logout(
    @CurrentActor() actor: Actor,
    @Body() body: RefreshDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    await this.auth.logout(actor, body.refreshToken ?? cookieValue(request, REFRESH_COOKIE));
    response.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH });
  }

  @Get('me')
  @ApiBearerAuth()
  me(@CurrentActor() actor: Actor) {
    return this.auth.me(actor);
  }
}
