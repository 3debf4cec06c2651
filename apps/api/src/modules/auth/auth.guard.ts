import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { can, ErrorCode, type Permission } from '@duban/contracts';
import type { Request } from 'express';
import { AccountCache } from '../users/account-cache';
import type { Actor } from '../../common/actor';
import { AppError, forbidden } from '../../common/app-error';
import { IS_PUBLIC, REQUIRED_PERMISSION } from '../../common/auth.decorators';

export interface AccessTokenClaims {
  sub: string;
  /** The user's token version when it was issued: a bump (password, role, unit, logout) ends it. */
  ver: number;
  typ: 'access';
  username: string;
  displayName: string;
  roles: Actor['roles'];
  unitId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const expired = () => new AppError(ErrorCode.Unauthenticated, '登录已过期或无效，请重新登录');

/**
 * The caller behind a bearer token, checked against the stored user on every request (briefly
 * cached): a disabled, deleted, demoted or moved user, or one who signed out, is refused at once.
 */
export async function actorFromToken(jwt: JwtService, accounts: AccountCache, token: string): Promise<Actor> {
  let claims: AccessTokenClaims;
  try {
    claims = await jwt.verifyAsync<AccessTokenClaims>(token);
  } catch {
    throw expired();
  }
  if (claims.typ !== 'access' || typeof claims.sub !== 'string' || !UUID.test(claims.sub)) throw expired();
  const account = await accounts.get(claims.sub);
  if (!account || !account.active || account.tokenVersion !== claims.ver) throw expired();
  return {
    userId: account.id,
    username: account.username,
    displayName: account.displayName,
    roles: account.roles,
    unitId: account.unitId,
  };
}

/** Global guard: every route needs a valid bearer token unless marked @Public, then the permission it names. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly accounts: AccountCache,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const token = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!token) throw new AppError(ErrorCode.Unauthenticated, '请先登录');
    request.actor = await actorFromToken(this.jwt, this.accounts, token);
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets);
    if (permission && !can(request.actor.roles, permission)) throw forbidden();
    return true;
  }
}
