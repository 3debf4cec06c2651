import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ErrorCode, type CurrentUser, type LoginRequest, type LoginResponse } from '@duban/contracts';
import bcrypt from 'bcryptjs';
import type { Actor } from '../../common/actor';
import { AppError } from '../../common/app-error';
import type { AccessTokenClaims } from '../../common/auth.guard';
import { APP_CONFIG, type AppConfig } from '../../config/env.schema';
import { UnitsService } from '../units/units.service';
import type { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';

// Compared against when the username is unknown, so timing does not reveal which usernames exist.
const DUMMY_HASH = '$2b$10$CwTycUXWue0Thq9StjUM0uJ8.N3VvYYrQeVe5fE5Ldq1Yh1QCjvgS';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly units: UnitsService,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(body: LoginRequest): Promise<LoginResponse> {
    const user = await this.users.findActiveByUsername(body.username);
    const ok = await bcrypt.compare(body.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) throw new AppError(ErrorCode.Unauthenticated, '用户名或密码错误');
    const claims: AccessTokenClaims = {
      sub: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: user.roles,
      unitId: user.unitId,
    };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.jwt.expiresInSeconds });
    return { accessToken, expiresIn: this.config.jwt.expiresInSeconds, user: await this.describe(user) };
  }

  async me(actor: Actor): Promise<CurrentUser> {
    return this.describe(await this.users.get(actor.userId));
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
