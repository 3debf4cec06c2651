// Password hashing: argon2id in libuv's thread pool (never on the event loop). Hashes from earlier
// builds (bcryptjs, `$2a$`/`$2b$`) still verify and are replaced by argon2id at the next login.
import { Inject, Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import bcrypt from 'bcryptjs';
import { WorkSlots } from '../../common/work-slots';
import { APP_CONFIG, type AppConfig } from '../../config/env.schema';

/**
 * argon2id at one of OWASP's equivalent minimums (7 MiB, 5 passes, 1 lane; the list also has 19 MiB × 2
 * and 46 MiB × 1). All cost an attacker the same; on this class of virtual server the small one is the
 * cheapest for us, since allocating and zeroing the larger blocks costs more than the extra passes
 * (measured on the 2-core VM: about 18 ms of one core per hash, against 23–28 ms for 19 MiB × 2 and
 * 52–56 ms for 46 MiB × 1). docs/operations.md explains how to re-measure; a hash made with other
 * parameters still verifies and is replaced at that user's next login.
 */
export const ARGON2_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 7_168,
  timeCost: 5,
  parallelism: 1,
} as const;

export const hashPassword = (password: string): Promise<string> => argon2.hash(password, ARGON2_OPTIONS);

// Verified against when the username is unknown, so timing does not reveal which usernames exist.
let dummyHash: Promise<string> | null = null;

/** Whether `password` matches; `rehash` when the stored hash should be replaced by a current one. */
export async function verifyPassword(
  password: string,
  stored: string | null,
): Promise<{ ok: boolean; rehash: boolean }> {
  if (stored?.startsWith('$2')) {
    // bcrypt silently ignores bytes past 72: refuse such a password instead of accepting a prefix.
    if (Buffer.byteLength(password) > 72) return { ok: false, rehash: false };
    const ok = await bcrypt.compare(password, stored);
    return { ok, rehash: ok };
  }
  dummyHash ??= hashPassword('duban-dummy-password');
  const hash = stored ?? (await dummyHash);
  const ok = await argon2.verify(hash, password).catch(() => false);
  return {
    ok: ok && stored !== null,
    rehash: ok && stored !== null && argon2.needsRehash(hash, ARGON2_OPTIONS),
  };
}

// About 2–4 s of hashing on one slot: a wave beyond that is told to retry rather than left waiting.
const MAX_WAITING = 200;

/**
 * The hashes requests wait for, at most `PASSWORD_HASH_SLOTS` at once (one core fewer than the machine
 * has): argon2 runs in libuv's four threads, so a 9 a.m. login wave would otherwise take every core from
 * the requests of those already signed in.
 */
@Injectable()
export class PasswordHasher {
  private readonly slots: WorkSlots;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.slots = new WorkSlots(config.login.hashSlots, MAX_WAITING, '登录的人较多，请几秒后再试');
  }

  hash(password: string): Promise<string> {
    return this.slots.run(() => hashPassword(password));
  }

  verify(password: string, stored: string | null): Promise<{ ok: boolean; rehash: boolean }> {
    return this.slots.run(() => verifyPassword(password, stored));
  }
}
