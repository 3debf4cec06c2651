// Recognises "a dependency is down" among thrown errors, so the filter answers 503 + Retry-After
// instead of 500 (or a hang) while PostgreSQL or Redis is away.
const PG_UNAVAILABLE = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
  '57014', // query_canceled (statement_timeout)
  '55P03', // lock_not_available (lock_timeout)
  '53300', // too_many_connections
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);
const NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);
const MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /Connection terminated/i,
  /not queryable/i,
  /PostgreSQL did not answer within/i,
  /Client has encountered a connection error/i,
  /Connection is closed/i,
  /Stream isn't writeable and enableOfflineQueue options is false/i,
  /Command timed out/i,
  /Reached the max retries per request limit/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

type ErrorChain = { code?: string; message?: string; driverError?: unknown; cause?: unknown } | undefined;

/** A statement ended by its statement_timeout or cancelled (query_canceled), rather than a lost connection. */
export function isQueryCanceled(error: unknown): boolean {
  for (let cause = error as ErrorChain, depth = 0; cause && depth < 4; depth++) {
    if (cause.code === '57014') return true;
    cause = (cause.driverError ?? cause.cause) as ErrorChain;
  }
  return false;
}

export function isDependencyDown(error: unknown): boolean {
  for (
    let cause = error as
        { code?: string; message?: string; driverError?: unknown; cause?: unknown } | undefined,
      depth = 0;
    cause && depth < 4;
    depth++
  ) {
    if (cause.code && (PG_UNAVAILABLE.has(cause.code) || NET_CODES.has(cause.code))) return true;
    if (typeof cause.message === 'string' && MESSAGES.some((pattern) => pattern.test(cause!.message!)))
      return true;
    cause = (cause.driverError ?? cause.cause) as typeof cause;
  }
  return false;
}
