import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ErrorCode, type CurrentUser, type LoginRequest, type LoginResponse } from '@duban/contracts';
import { AccountCache } from '../users/account-cache';
import type { Actor } from '../../common/actor';
import { AppError } from '../../common/app-error';
import type { AccessTokenClaims } from './auth.guard';
import { SharedRedis } from '../../common/redis';
import { APP_CONFIG, type AppConfig } from '../../config/env.schema';
import { UnitsService } from '../units/units.service';
import { PasswordHasher } from '../users/password';
import type { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { LoginThrottle } from './login-throttle';

interface RefreshTokenClaims {
  sub: string;
  ver: number;
  typ: 'refresh';
  jti: string;
}

const signedOut = () => new AppError(ErrorCode.Unauthenticated, '登录已过期，请重新登录');

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly units: UnitsService,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottle,
    private readonly redis: SharedRedis,
    private readonly accounts: AccountCache,
    private readonly passwords: PasswordHasher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(body: LoginRequest, address: string): Promise<LoginResponse> {
    await this.throttle.check(body.username, address);
    const user = await this.users.findActiveByUsername(body.username);
    const { ok, rehash } = await this.passwords.verify(body.password, user?.passwordHash ?? null);
    if (!user || !ok) {
      await this.throttle.failed(body.username, address);
      throw new AppError(ErrorCode.Unauthenticated, '用户名或密码错误');
    }
    await this.throttle.succeeded(body.username, address);
    // A bcryptjs hash from an earlier build becomes argon2id now that the password is known.
    if (rehash) await this.users.replacePasswordHash(user.id, await this.passwords.hash(body.password));
    return this.issue(user);
  }

  /** Rotation: a refresh token is good once; the answer carries its successor. */
  async refresh(token: string | undefined): Promise<LoginResponse> {
    if (!token) throw signedOut();
    let claims: RefreshTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<RefreshTokenClaims>(token);
    } catch {
      throw signedOut();
    }
    if (claims.typ !== 'refresh' || !claims.jti) throw signedOut();
    if ((await this.redis.client.del(this.refreshKey(claims.jti))) !== 1) throw signedOut();
    this.accounts.invalidate(claims.sub);
    const account = await this.accounts.get(claims.sub);
    if (!account?.active || account.tokenVersion !== claims.ver) throw signedOut();
    return this.issue(await this.users.get(claims.sub));
  }

  /** Ends every session of the user (all devices): their tokens name a version that no longer is. */
  async logout(actor: Actor, refreshToken: string | undefined): Promise<void> {
    await this.users.bumpTokenVersion(actor.userId);
    const jti = refreshToken ? (this.jwt.decode<RefreshTokenClaims | null>(refreshToken)?.jti ?? null) : null;
    if (jti) await this.redis.client.del(this.refreshKey(jti));
  }

  async me(actor: Actor): Promise<CurrentUser> {
    return this.describe(await this.users.get(actor.userId));
  }

  private async issue(user: User): Promise<LoginResponse> {
    const { expiresInSeconds, refreshExpiresInSeconds } = this.config.jwt;
    const claims: AccessTokenClaims = {
      sub: user.id,
      ver: user.tokenVersion,
      typ: 'access',
      username: user.username,
      displayName: user.displayName,
      roles: user.roles,
      unitId: user.unitId,
    };
    const jti = randomUUID();
    const refresh: RefreshTokenClaims = { sub: user.id, ver: user.tokenVersion, typ: 'refresh', jti };
    await this.redis.client.set(this.refreshKey(jti), user.id, 'EX', refreshExpiresInSeconds);
    return {
      accessToken: await this.jwt.signAsync(claims, { expiresIn: expiresInSeconds }),
      expiresIn: expiresInSeconds,
      refreshToken: await this.jwt.signAsync(refresh, { expiresIn: refreshExpiresInSeconds }),
      refreshExpiresIn: refreshExpiresInSeconds,
      user: await this.describe(user),
    };
  }

  private refreshKey(jti: string): string {
    return this.redis.key('auth', 'refresh', jti);
  }

  private async describe(user: User): Promise<CurrentUser> {
    const unitName = user.unitId
      ? ((await this.units.namesById([user.unitId])).get(user.unitId) ?? null)
      : null;
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: user.roles,
      unitId: user.unitId,
      unitName,
    };
  }
}
