import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  ErrorCode,
  passwordProblem,
  type CreateUserRequest,
  type Page,
  type UpdateUserRequest,
  type UserView,
} from '@duban/contracts';
import { Repository } from 'typeorm';
import { AccountCache } from './account-cache';
import { containsPattern } from '../../common/like';
import type { Actor } from '../../common/actor';
import { AppError, notFound } from '../../common/app-error';
import { Transactions } from '../../database/transactions';
import { AuditService } from '../audit/audit.service';
import { UnitsService } from '../units/units.service';
import { PasswordHasher } from './password';
import { User } from './user.entity';

function checkPassword(password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (problem)
    throw new AppError(ErrorCode.Validation, `输入有误：password：${problem}`, [
      { path: 'password', message: problem },
    ]);
}

@Injectable()
export class UsersService {
  constructor(
    private readonly transactions: Transactions,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly audit: AuditService,
    private readonly accounts: AccountCache,
    private readonly units: UnitsService,
    private readonly passwords: PasswordHasher,
  ) {}

  async list(query: { page: number; pageSize: number; q?: string }): Promise<Page<UserView>> {
    const qb = this.users.createQueryBuilder('u');
    if (query.q)
      qb.where('(u.username ILIKE :q OR u.display_name ILIKE :q)', { q: containsPattern(query.q) });
    const [rows, total] = await qb
      .orderBy('u.username')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items: rows.map(toUserView), total, page: query.page, pageSize: query.pageSize };
  }

  async findActiveByUsername(username: string): Promise<User | null> {
    return this.users.findOneBy({ username, active: true });
  }

  async get(id: string): Promise<User> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw notFound('用户');
    return user;
  }

  /** Active users of the given units, for notifications. */
  async activeUsersOfUnits(unitIds: string[]): Promise<User[]> {
    if (!unitIds.length) return [];
    return this.users
      .createQueryBuilder('u')
      .where('u.unit_id = ANY(:unitIds) AND u.active', { unitIds })
      .getMany();
  }

  async create(actor: Actor, body: CreateUserRequest): Promise<UserView> {
    checkPassword(body.password, body.username);
    const passwordHash = await this.passwords.hash(body.password);
    return this.transactions.run(async (manager) => {
      if (await manager.existsBy(User, { username: body.username })) {
        throw new AppError(ErrorCode.Conflict, `用户名“${body.username}”已被使用`);
      }
      if (body.unitId && !(await this.units.exists(body.unitId, manager))) {
        throw new AppError(ErrorCode.BadRequest, '所属单位不存在');
      }
      if (body.roles.includes('unit') && !body.unitId)
        throw new AppError(ErrorCode.BadRequest, '承办单位用户必须指定所属单位');
      const user = manager.create(User, {
        username: body.username,
        displayName: body.displayName,
        unitId: body.unitId ?? null,
        roles: [...new Set(body.roles)],
        passwordHash,
        createdBy: actor.userId,
      });
      await manager.save(user);
      await this.audit.record(manager, actor, {
        action: 'user.create',
        entityType: 'user',
        entityId: user.id,
        after: withoutSecrets(user),
      });
      return toUserView(user);
    });
  }

  async update(actor: Actor, id: string, body: UpdateUserRequest): Promise<UserView> {
    const passwordHash = body.password ? await this.passwords.hash(body.password) : undefined;
    const view = await this.transactions.run(async (manager) => {
      const user = await manager.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw notFound('用户');
      if (body.password) checkPassword(body.password, user.username);
      const before = { ...user };
      if (body.unitId !== undefined) {
        if (body.unitId && !(await this.units.exists(body.unitId, manager))) {
          throw new AppError(ErrorCode.BadRequest, '所属单位不存在');
        }
        user.unitId = body.unitId ?? null;
      }
      if (body.displayName !== undefined) user.displayName = body.displayName;
      if (body.roles !== undefined) user.roles = [...new Set(body.roles)];
      if (body.active !== undefined) user.active = body.active;
      if (passwordHash) user.passwordHash = passwordHash;
      if (user.roles.includes('unit') && !user.unitId)
        throw new AppError(ErrorCode.BadRequest, '承办单位用户必须指定所属单位');
      user.version += 1;
      // What a token vouches for changed: every session of the user ends.
      const sameRoles = [...before.roles].sort().join() === [...user.roles].sort().join();
      if (passwordHash || !sameRoles || before.unitId !== user.unitId || before.active !== user.active)
        user.tokenVersion += 1;
      await manager.save(user);
      await this.audit.record(manager, actor, {
        action: 'user.update',
        entityType: 'user',
        entityId: id,
        before: withoutSecrets(before),
        after: withoutSecrets(user),
      });
      return toUserView(user);
    });
    this.accounts.invalidate(id);
    return view;
  }

  /** Logout: tokens issued before stop working everywhere. */
  async bumpTokenVersion(id: string): Promise<void> {
    await this.users.increment({ id }, 'tokenVersion', 1);
    this.accounts.invalidate(id);
  }

  /** A stronger hash of the same password (argon2id for a bcryptjs one): sessions stay valid. */
  async replacePasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.users.update({ id }, { passwordHash });
  }
}

function withoutSecrets(user: User): Omit<User, 'passwordHash'> {
  const { passwordHash: _hidden, ...rest } = user;
  return rest;
}

function toUserView(user: User): UserView {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    unitId: user.unitId,
    roles: user.roles,
    active: user.active,
  };
}
