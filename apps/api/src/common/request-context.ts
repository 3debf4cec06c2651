// What every database statement knows about the HTTP request it serves, through AsyncLocalStorage:
// its class (so the pool gives it that class's statement_timeout) and whether the client is still
// there (so a closed request's statements are cancelled in PostgreSQL instead of running on).
import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

/**
 * read: an interactive GET; write: any other method; export and import: whole-file work that may
 * take longer; sweep: the manual reminder sweep (DB_SWEEP_TIMEOUT_MS, which the scheduled sweep also
 * sets inside its transaction). Work outside a request (workers, scripts) runs with the pool's
 * DB_STATEMENT_TIMEOUT_MS.
 */
export type RequestClass = 'read' | 'write' | 'export' | 'import' | 'sweep';

export type StatementTimeouts = Record<RequestClass, number>;

/** A statement the context is running, and how to cancel it. */
export interface RunningStatement {
  cancel(): void;
}

export interface RequestContext {
  readonly requestClass: RequestClass;
  readonly statementTimeoutMs: number;
  /** Set when the client went away before the response was sent. */
  aborted: boolean;
  readonly running: Set<RunningStatement>;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

/** Exports and imports by path, reads by method: no route has to remember to declare itself. */
export function requestClassOf(method: string, path: string): RequestClass {
  if (/\/exports?\/|\.(xlsx|csv)$/i.test(path)) return 'export';
  if (method === 'POST' && /\/import$/.test(path)) return 'import';
  if (method === 'POST' && /\/reminders\/sweep$/.test(path)) return 'sweep';
  return method === 'GET' || method === 'HEAD' ? 'read' : 'write';
}

/** Runs the rest of the request inside its context; a client that disconnects cancels what it started. */
export function requestContext(timeouts: StatementTimeouts) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const requestClass = requestClassOf(request.method, request.path);
    const context: RequestContext = {
      requestClass,
      statementTimeoutMs: timeouts[requestClass],
      aborted: false,
      running: new Set(),
    };
    response.on('close', () => {
      if (response.writableFinished) return;
      context.aborted = true;
      for (const statement of context.running) statement.cancel();
    });
    storage.run(context, next);
  };
}

/** Thrown for a statement a closed request would have started (PostgreSQL's query_canceled code). */
export class RequestAbortedError extends Error {
  readonly code = '57014';
  constructor() {
    super('the client closed the request; statement not started');
    this.name = 'RequestAbortedError';
  }
}
