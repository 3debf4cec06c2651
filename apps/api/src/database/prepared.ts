import { createHash } from 'node:crypto';
import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import type { CustomPlanQuery } from '../common/context-client';

type PgClient = {
  query(
    config: { name: string; text: string; values: unknown[] } & CustomPlanQuery,
  ): Promise<{ rows: unknown[] }>;
};

/**
 * A hot statement (a move's, on its transaction's connection; a hot read's, see preparedReads) as a named
 * prepared statement: PostgreSQL parses it once per connection and plans it once where its generic plan
 * is as cheap (after five runs; `customPlan` statements never, see ContextClient) instead of on every
 * request. The name is the text's hash, so each shape (how many audit rows, messages, changed columns)
 * is prepared once. Errors come back as TypeORM's, as `manager.query` throws them. Off
 * (DATABASE_PREPARED_STATEMENTS=false, a pooler that cannot keep them): unnamed, as every other query.
 */
/** Names by text: the shapes are few, and hashing a statement of a few KB per request is work a map saves. */
const statementNames = new Map<string, string>();

function nameOf(text: string): string {
  const name = `duban_${createHash('sha1').update(text).digest('base64url').slice(0, 24)}`;
  // The name cache is bounded however the shapes multiply; so are a connection's statements on the server
  // (ContextClient deallocates the least recently used beyond MAX_PREPARED_STATEMENTS).
  if (statementNames.size >= 1000) statementNames.clear();
  statementNames.set(text, name);
  return name;
}

export async function preparedQuery<T>(
  manager: EntityManager,
  enabled: boolean,
  text: string,
  values: unknown[],
  options: CustomPlanQuery = {},
): Promise<T[]> {
  const client = (manager.queryRunner as unknown as { databaseConnection?: PgClient } | undefined)
    ?.databaseConnection;
  if (!enabled || !client) return manager.query(text, values);
  const name = statementNames.get(text) ?? nameOf(text);
  try {
    return (await client.query({ name, text, values, ...options })).rows as T[];
  } catch (error) {
    throw new QueryFailedError(text, values, error as Error);
  }
}

/** Runs one read statement and returns its rows; `customPlan`: its plan depends on its values (ContextClient). */
export type ReadQuery = <T>(text: string, values: unknown[], options?: CustomPlanQuery) => Promise<T[]>;

/**
 * Reads on pooled connections, prepared by the same rule as `preparedQuery` where the deployment allows:
 * the hot reads (list pages, the task detail) plan once per connection instead of on every request.
 */
export function preparedReads(dataSource: DataSource, enabled: boolean): ReadQuery {
  if (!enabled) return (text, values) => dataSource.query(text, values);
  return async <T>(text: string, values: unknown[], options?: CustomPlanQuery) => {
    const runner = dataSource.createQueryRunner();
    try {
      await runner.connect();
      return await preparedQuery<T>(runner.manager, true, text, values, options);
    } finally {
      await runner.release();
    }
  };
}

/** What reads written against a DataSource run on: a DataSource, a transaction's EntityManager or `preparedDb`. */
export interface Db {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows typed where they are read, as DataSource.query's
  query(text: string, values?: unknown[]): Promise<any>;
}

/**
 * preparedReads as a Db, for the figure reads (the dashboard's, the cockpit's, the list's counted total): their
 * statements are small lookups of the counters, and parsing and planning each was three times its run.
 */
export function preparedDb(dataSource: DataSource, enabled: boolean): Db {
  if (!enabled) return dataSource;
  const read = preparedReads(dataSource, true);
  return { query: (text, values = []) => read(text, values) };
}
