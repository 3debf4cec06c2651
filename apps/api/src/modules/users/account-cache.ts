import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Role } from '@duban/contracts';
import { Repository } from 'typeorm';
import { User } from './user.entity';

/** What every request is checked against: the user as stored now, not as the token remembers it. */
export interface Account {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  unitId: string | null;
  active: boolean;
  tokenVersion: number;
}

const TTL_MS = 5000;
const MAX_ENTRIES = 10_000;

/**
 * Accounts by id, cached for a few seconds so a busy clerk's requests do not each read app_user.
 * A change made through this instance is seen at once (invalidate); other instances see it within TTL_MS.
 */
@Injectable()
export class AccountCache {
  private readonly entries = new Map<string, { account: Account | null; until: number }>();

  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  async get(id: string): Promise<Account | null> {
    const now = Date.now();
    const hit = this.entries.get(id);
    if (hit && hit.until > now) return hit.account;
    const rows: Account[] = await this.users.query(
      `SELECT id, username, display_name AS "displayName", roles, unit_id AS "unitId", active,
              token_version AS "tokenVersion"
         FROM app_user WHERE id = $1`,
      [id],
    );
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(id, { account: rows[0] ?? null, until: now + TTL_MS });
    return rows[0] ?? null;
  }

  invalidate(id: string): void {
    this.entries.delete(id);
  }
}
