// The pool's pg client, aware of the request it serves (common/request-context.ts):
// - statements run one after another in the client's own queue, so pg is never handed a second query while
//   one runs (deprecated in pg 8, gone in pg 9): code may still issue several at once on one connection;
// - statement_timeout follows the request's class: the client remembers the value its session has and
//   sends `SET statement_timeout` ahead of a statement that needs another one, in one round trip with any
//   other SET or DEALLOCATE that statement needs (so one extra only when a connection changes class);
// - a request whose client disconnected cancels its running statement with PostgreSQL's cancel
//   request (a separate socket, so it works while the pool is full) and starts no new one. The cancel
//   reaches the server a moment later and stops whatever the session runs then; so the connection's next
//   statement waits until the server has taken the cancel (it closes the cancel socket), and a cancel that
//   lands between statements is dropped by PostgreSQL instead of failing another request's statement.
import { Client, Connection, type ClientConfig, type QueryResult } from 'pg';
import { currentRequest, RequestAbortedError, type RunningStatement } from './request-context';

/** How long past its statement_timeout a request's statement may stay unanswered. */
export const UNANSWERED_GRACE_MS = 1000;
/** The longest a statement waits behind a cancel still on its way (a server that never answers it). */
const CANCEL_DELIVERY_MS = 2000;

/**
 * A named statement whose plan depends on its values (`{ name, text, values, customPlan: true }`): a task
 * list page's text is shared by a province's supervisor and a county's, and a generic plan that PostgreSQL
 * settles on for one is ruinous for the other (the province's: a bitmap scan and sort of every overdue task,
 * 30 ms against 3–4 ms). The session runs such statements with plan_cache_mode = force_custom_plan, and
 * everything else (the triggers' PL/pgSQL too) with the default.
 */
export interface CustomPlanQuery {
  customPlan?: boolean;
}

/**
 * Named statements a connection keeps at most. The server holds each one's parse tree and plans (about
 * 140–280 KB for a list page) until the connection closes, and a busy connection never idles out: without a
 * bound, every shape of filters a caller tries would stay on every connection. The least recently used
 * beyond it is deallocated.
 */
export const MAX_PREPARED_STATEMENTS = 100;

/** pg's query objects that run themselves (a cursor, a stream): pg returns them rather than a promise. */
interface Submittable {
  submit(connection: unknown): void;
  handleReadyForQuery(connection: unknown): void;
  handleError(error: Error, connection: unknown): void;
}

const SETS_TIMEOUT = /^\s*(SET|RESET)\s+statement_timeout/i;
const SETS_PLAN = /^\s*(SET|RESET)\s+plan_cache_mode/i;
const ROLLBACK = /^\s*ROLLBACK/i;

export class ContextClient extends Client {
  /** The session's statement_timeout as this client set it; null when unknown (after a rollback). */
  private sessionTimeoutMs: number | null;
  /** The session's plan_cache_mode as this client set it; null when unknown (after a rollback). */
  private planMode: 'auto' | 'force_custom_plan' | null = 'auto';
  private readonly defaultTimeoutMs: number;
  /** Settles once the server has taken this connection's last cancel request. */
  private cancelInFlight: Promise<void> | null = null;
  /** This connection's named statements, least recently used first. */
  private readonly prepared = new Set<string>();
  /** Settles when the last statement handed to this client has: the next one starts then. */
  private tail: Promise<unknown> = Promise.resolve();
  /** Statements handed to this client and not yet settled. */
  private queued = 0;
  /** The request's statement being sent or run now (with its SETs), so a cancel stops only its own. */
  private onWire: RunningStatement | null = null;

  constructor(config: ClientConfig) {
    super(config);
    this.defaultTimeoutMs = Number(config.statement_timeout ?? 0);
    this.sessionTimeoutMs = this.defaultTimeoutMs;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const context = currentRequest();
    const config = args[0] as (CustomPlanQuery & { text?: string; name?: unknown }) | string | undefined;
    const text = (typeof config === 'string' ? config : config?.text) ?? '';
    const submittable = typeof (config as Partial<Submittable>)?.submit === 'function';
    const callback = !submittable && typeof args.at(-1) === 'function' ? args.pop() : undefined;
    // A ROLLBACK always runs: refusing it would hand the connection back to the pool inside a failed
    // transaction, and the next request on it would fail ("current transaction is aborted").
    const rollback = ROLLBACK.test(text);
    if (context?.aborted && !rollback) {
      if (callback) return void process.nextTick(callback, new RequestAbortedError());
      return Promise.reject(new RequestAbortedError());
    }
    const wanted = context?.statementTimeoutMs ?? this.defaultTimeoutMs;
    const statement: RunningStatement = {
      // One still queued is refused when its turn comes (the context is aborted).
      cancel: () => {
        if (this.onWire === statement) this.cancelRunning();
      },
    };
    const run = async (): Promise<unknown> => {
      while (this.cancelInFlight) await this.cancelInFlight;
      if (context?.aborted && !rollback) throw new RequestAbortedError();
      this.onWire = statement;
      // PostgreSQL ends the statement at its statement_timeout. No answer well past it means the server
      // or the network is gone (a frozen host answers nothing): drop the connection, so the request gets
      // its 503 now and the pool opens a fresh connection later. Work outside a request (the sweep with
      // its own longer limit, workers) is left to the server's timeouts.
      const deadline = context && setTimeout(() => this.abandon(wanted), wanted + UNANSWERED_GRACE_MS);
      if (deadline) deadline.unref();
      try {
        // No SET ahead of a ROLLBACK: it may undo it, and it must run in a failed transaction.
        if (!rollback) {
          const plan = typeof config === 'object' && config.customPlan ? 'force_custom_plan' : 'auto';
          const settled = this.prepareSession(
            text,
            wanted,
            plan,
            typeof config === 'object' ? config.name : undefined,
          );
          if (settled) await settled;
          // A cancel that hit the SETs: the request is gone, its statement is not started.
          if (context?.aborted) throw new RequestAbortedError();
        }
        if (submittable) return await this.submit(args);
        const result = await (super.query as (...a: unknown[]) => Promise<QueryResult>).apply(this, args);
        // A session SET made inside a transaction is undone when it does not commit: by a rollback (to a
        // savepoint too) or by a COMMIT of a failed transaction, both answered ROLLBACK.
        if (result?.command === 'ROLLBACK') this.sessionTimeoutMs = this.planMode = null;
        return result;
      } finally {
        clearTimeout(deadline || undefined);
        this.onWire = null;
      }
    };
    if (context) context.running.add(statement);
    // An idle client sends at once, as pg would: no turn of the event loop between query() and the wire.
    const done = (this.queued++ === 0 ? run() : this.tail.then(run)).finally(() => {
      this.queued--;
      context?.running.delete(statement);
    });
    this.tail = done.catch(() => undefined);
    if (submittable) {
      // pg reports its own errors to it; a refusal (a closed request) is reported here.
      done.catch((error: Error) => (config as unknown as Submittable).handleError(error, this.connection));
      return config;
    }
    if (!callback) return done;
    done.then(
      (result) => callback(null, result),
      (error) => callback(error),
    );
  }

  /**
   * Brings the session to what the statement needs: its statement_timeout and plan_cache_mode, and room for
   * its name (past MAX_PREPARED_STATEMENTS, DEALLOCATE of the least recently used), all in one round trip.
   * Null when it needs none. A failure (a broken connection, an aborted transaction) leaves the setting
   * unknown and the statement to fail on its own, as it will.
   */
  private prepareSession(
    text: string,
    wanted: number,
    plan: 'auto' | 'force_custom_plan',
    name: unknown,
  ): Promise<void> | null {
    const statements: string[] = [];
    const timeout = wanted !== this.sessionTimeoutMs && !SETS_TIMEOUT.test(text);
    if (timeout) statements.push(`SET statement_timeout = ${Math.round(wanted)}`);
    const mode = plan !== this.planMode && !SETS_PLAN.test(text);
    if (mode) statements.push(`SET plan_cache_mode = ${plan}`);
    const evicted = typeof name === 'string' ? this.keepPrepared(name) : null;
    if (evicted) statements.push(`DEALLOCATE "${evicted.replace(/"/g, '""')}"`);
    if (!statements.length) return null;
    return (super.query(statements.join('; ')) as Promise<unknown>).then(
      () => {
        if (timeout) this.sessionTimeoutMs = wanted;
        if (mode) this.planMode = plan;
        // pg forgets the statement only once the server has, so a later use parses it anew.
        if (evicted) delete this.parsedStatements()[evicted];
      },
      () => {
        if (timeout) this.sessionTimeoutMs = null;
        if (mode) this.planMode = null;
      },
    );
  }

  /**
   * Marks a named statement as used now; past MAX_PREPARED_STATEMENTS, returns the least recently used one for
   * the caller to deallocate. A failed DEALLOCATE (an aborted transaction) leaves the server's and pg's as
   * they were.
   */
  private keepPrepared(name: string): string | null {
    const kept = this.prepared;
    let evicted: string | null = null;
    if (!kept.delete(name) && kept.size >= MAX_PREPARED_STATEMENTS) {
      const [oldest] = kept;
      kept.delete(oldest);
      // Never parsed (its Parse failed): nothing to deallocate, and a DEALLOCATE of a name the server
      // lacks would abort the transaction it ran in.
      if (this.parsedStatements()[oldest] !== undefined) evicted = oldest;
    }
    kept.add(name);
    return evicted;
  }

  private parsedStatements(): Record<string, string> {
    return (this as unknown as { connection: { parsedStatements: Record<string, string> } }).connection
      .parsedStatements;
  }

  /** Hands pg a query object that runs itself; settles when pg is done with it. */
  private submit(args: unknown[]): Promise<void> {
    const query = args[0] as Submittable;
    return new Promise<void>((resolve) => {
      for (const method of ['handleReadyForQuery', 'handleError'] as const) {
        const handle = query[method] as (...a: unknown[]) => void;
        query[method] = function (this: Submittable, ...a: unknown[]) {
          resolve();
          return handle.apply(this, a);
        };
      }
      (super.query as (...a: unknown[]) => unknown).apply(this, args);
    });
  }

  private abandon(timeoutMs: number): void {
    const stream = (this as unknown as { connection?: { stream?: { destroy(error?: Error): void } } })
      .connection?.stream;
    stream?.destroy(new Error(`PostgreSQL did not answer within ${timeoutMs + UNANSWERED_GRACE_MS} ms`));
  }

  /** PostgreSQL's cancel request for whatever this connection is running now, on a socket of its own. */
  private cancelRunning(): void {
    const { processID, secretKey } = this as unknown as { processID: number | null; secretKey: unknown };
    if (!processID) return;
    const canceller = new Connection() as Connection & {
      connect(portOrPath: number | string, host?: string): void;
      cancel(processID: number, secretKey: unknown): void;
    };
    canceller.on('error', () => undefined);
    const delivered = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, CANCEL_DELIVERY_MS);
      timer.unref();
      // The server closes the cancel socket once it has signalled the session (or on an error).
      canceller.once('end', resolve);
      canceller.once('error', resolve);
    }).then(() => {
      if (this.cancelInFlight === delivered) this.cancelInFlight = null;
    });
    this.cancelInFlight = delivered;
    canceller.once('connect', () => canceller.cancel(processID, secretKey));
    if (this.host?.startsWith('/')) canceller.connect(`${this.host}/.s.PGSQL.${this.port}`);
    else canceller.connect(this.port, this.host);
  }
}
