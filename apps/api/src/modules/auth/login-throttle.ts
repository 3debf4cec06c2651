import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '@duban/contracts';
import { AppError } from '../../common/app-error';
import { SharedRedis } from '../../common/redis';
import { APP_CONFIG, type AppConfig } from '../../config/env.schema';

// One address may fail this many times more than one account: an office behind one NAT address
// has many clerks, each allowed their own mistakes.
const ADDRESS_FACTOR = 20;

/**
 * Failed logins counted in Redis (shared by every instance) per account AND address, so ten clerks
 * behind one office NAT do not lock each other out, and per address across accounts.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly redis: SharedRedis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Refuses the attempt while the account is locked from this address (or the address is). */
  async check(username: string, address: string): Promise<void> {
    const [pair, byAddress] = await this.redis.client.mget(
      this.pairKey(username, address),
      this.addressKey(address),
    );
    const { maxFailures } = this.config.login;
    if (Number(pair ?? 0) >= maxFailures || Number(byAddress ?? 0) >= maxFailures * ADDRESS_FACTOR) {
      const ttl = await this.redis.client.pttl(
        Number(pair ?? 0) >= maxFailures ? this.pairKey(username, address) : this.addressKey(address),
      );
      const seconds = Math.max(1, Math.ceil((ttl > 0 ? ttl : this.config.login.lockSeconds * 1000) / 1000));
      throw new AppError(
        ErrorCode.RateLimited,
        `登录失败次数过多，账号在此网络已被临时锁定，请 ${Math.ceil(seconds / 60)} 分钟后再试，或联系管理员重置密码`,
        { retryAfterSeconds: seconds },
      );
    }
  }

  async failed(username: string, address: string): Promise<void> {
    const ttl = this.config.login.lockSeconds;
    await this.redis.client
      .multi()
      .incr(this.pairKey(username, address))
      .expire(this.pairKey(username, address), ttl)
      .incr(this.addressKey(address))
      .expire(this.addressKey(address), ttl)
      .exec();
  }

  async succeeded(username: string, address: string): Promise<void> {
    await this.redis.client.del(this.pairKey(username, address));
  }

  private pairKey(username: string, address: string): string {
    return this.redis.key('login', 'fail', username.toLowerCase(), address);
  }

  private addressKey(address: string): string {
    return this.redis.key('login', 'address', address);
  }
}
