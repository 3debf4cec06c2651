import { createHash } from 'node:crypto';
import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';

type PgClient = {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
};

/**
 * A hot statement of a move as a named prepared statement on the transaction's connection: PostgreSQL
 * parses and plans it once per connection (then a generic plan, after five runs) instead of on every
 * request. The name is the text's hash, so each shape (how many audit rows, messages, changed columns)
 * is prepared once. Errors come back as TypeORM's, as `manager.query` throws them. Off
 * (DATABASE_PREPARED_STATEMENTS=false, a pooler that cannot keep them): unnamed, as every other query.
 */
/** Names by text: the shapes are few, and hashing a statement of a few KB per request is work a map saves. */
const statementNames = new Map<string, string>();

function nameOf(text: string): string {
  const name = `duban_${createHash('sha1').update(text).digest('base64url').slice(0, 24)}`;
  // Bounded however the shapes multiply (messages, audit rows and changed columns vary per move).
  if (statementNames.size >= 1000) statementNames.clear();
  statementNames.set(text, name);
  return name;
}

export async function preparedQuery<T>(
  manager: EntityManager,
  enabled: boolean,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const client = (manager.queryRunner as unknown as { databaseConnection?: PgClient } | undefined)
    ?.databaseConnection;
  if (!enabled || !client) return manager.query(text, values);
  const name = statementNames.get(text) ?? nameOf(text);
  try {
    return (await client.query({ name, text, values })).rows as T[];
  } catch (error) {
    throw new QueryFailedError(text, values, error as Error);
  }
}

/** A read on a pooled connection, prepared by the same rule as `preparedQuery` (the hot list pages). */
export async function preparedRead<T>(
  dataSource: DataSource,
  enabled: boolean,
  text: string,
  values: unknown[],
): Promise<T[]> {
  if (!enabled) return dataSource.query(text, values);
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    return await preparedQuery<T>(runner.manager, true, text, values);
  } finally {
    await runner.release();
  }
}
