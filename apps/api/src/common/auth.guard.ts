import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { can, ErrorCode, type Permission } from '@duban/contracts';
import type { Request } from 'express';
import type { Actor } from './actor';
import { AppError, forbidden } from './app-error';
import { IS_PUBLIC, REQUIRED_PERMISSION } from './auth.decorators';

export interface AccessTokenClaims {
  sub: string;
  username: string;
  displayName: string;
  roles: Actor['roles'];
  unitId: string | null;
}

/** Global guard: every route needs a valid bearer token unless marked @Public, then the permission it names. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const token = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!token) throw new AppError(ErrorCode.Unauthenticated, '请先登录');
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token);
    } catch {
      throw new AppError(ErrorCode.Unauthenticated, '登录已过期或无效，请重新登录');
    }
    request.actor = {
      userId: claims.sub,
      username: claims.username,
      displayName: claims.displayName,
      roles: claims.roles,
      unitId: claims.unitId,
    };
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets);
    if (permission && !can(request.actor.roles, permission)) throw forbidden();
    return true;
  }
}
