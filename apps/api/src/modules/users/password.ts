// Password hashing: argon2id in libuv's thread pool (never on the event loop). Hashes from earlier
// builds (bcryptjs, `$2a$`/`$2b$`) still verify and are replaced by argon2id at the next login.
import argon2 from 'argon2';
import bcrypt from 'bcryptjs';

/**
 * OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane): about 25–40 ms of one core per hash on this
 * class of server, so a 2-core machine verifies 50+ logins a second while serving other requests.
 * docs/operations.md explains how to re-measure; raising a value takes effect at each user's next login.
 */
const ARGON2_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19_456,
  timeCost: 2,
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
