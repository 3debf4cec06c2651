// The pool's pg client, aware of the request it serves (common/request-context.ts):
// - statement_timeout follows the request's class: the client remembers the value its session has
//   and queues `SET statement_timeout` ahead of a statement that needs another one (one extra
//   round trip only when a connection changes class; pg runs a client's queue in order);
// - a request whose client disconnected cancels its running statement with PostgreSQL's cancel
//   request (a separate socket, so it works while the pool is full) and starts no new one. The cancel
//   reaches the server a moment later and stops whatever the session runs then; so the connection's next
//   statement waits until the server has taken the cancel (it closes the cancel socket), and a cancel that
//   lands between statements is dropped by PostgreSQL instead of failing another request's statement.
import { Client, type ClientConfig } from 'pg';
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

  constructor(config: ClientConfig) {
    super(config);
    this.defaultTimeoutMs = Number(config.statement_timeout ?? 0);
    this.sessionTimeoutMs = this.defaultTimeoutMs;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const context = currentRequest();
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text;
    // A ROLLBACK always runs: refusing it would hand the connection back to the pool inside a failed
    // transaction, and the next request on it would fail ("current transaction is aborted").
    if (context?.aborted && !/^\s*ROLLBACK/i.test(text ?? '')) {
      const callback = args.find((arg) => typeof arg === 'function') as ((e: Error) => void) | undefined;
      if (callback) return void process.nextTick(callback, new RequestAbortedError());
      return Promise.reject(new RequestAbortedError());
    }
    if (this.cancelInFlight) {
      const callback = args.find((arg) => typeof arg === 'function');
      const later = this.cancelInFlight.then(() => this.query(...args));
      return callback ? undefined : later;
    }
    const wanted = context?.statementTimeoutMs ?? this.defaultTimeoutMs;
    if (wanted !== this.sessionTimeoutMs && !/^\s*(SET|RESET)\s+statement_timeout/i.test(text ?? '')) {
      this.sessionTimeoutMs = wanted;
      // A failure here (a broken connection, an aborted transaction) fails the statement behind it too.
      (super.query(`SET statement_timeout = ${Math.round(wanted)}`) as Promise<unknown>).catch(() => {
        this.sessionTimeoutMs = null;
      });
    }
    const plan = (args[0] as CustomPlanQuery | undefined)?.customPlan ? 'force_custom_plan' : 'auto';
    if (plan !== this.planMode && !/^\s*(SET|RESET)\s+plan_cache_mode/i.test(text ?? '')) {
      this.planMode = plan;
      // Queued ahead of the statement, like the timeout: one round trip only when the kind changes.
      (super.query(`SET plan_cache_mode = ${plan}`) as Promise<unknown>).catch(() => {
        this.planMode = null;
      });
    }
    const name = (args[0] as { name?: unknown } | undefined)?.name;
    if (typeof name === 'string') this.keepPrepared(name);
    // A session SET made inside a transaction is undone by its rollback.
    if (text && /^\s*ROLLBACK(?!\s+TO)/i.test(text)) {
      this.sessionTimeoutMs = null;
      this.planMode = null;
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result = (super.query as (...a: unknown[]) => any).apply(this, args);
    if (!context || !result || typeof result.then !== 'function') return result;
    const statement: RunningStatement = { cancel: () => this.cancelRunning() };
    context.running.add(statement);
    // PostgreSQL ends the statement at its statement_timeout. No answer well past it means the server
    // or the network is gone (a frozen host answers nothing): drop the connection, so the request gets
    // its 503 now and the pool opens a fresh connection later. Work outside a request (the sweep with
    // its own longer limit, workers) is left to the server's timeouts.
    const deadline = setTimeout(() => this.abandon(wanted), wanted + UNANSWERED_GRACE_MS);
    deadline.unref();
    return result.finally(() => {
      clearTimeout(deadline);
      context.running.delete(statement);
    });
  }

  /**
   * Marks a named statement as used now; past MAX_PREPARED_STATEMENTS, queues DEALLOCATE of the least recently
   * used one ahead of it. pg forgets the statement only once the server has (in the callback, which runs
   * before pg submits the next query, so that one parses it anew if it is the same); a failed DEALLOCATE
   * (an aborted transaction) leaves both as they were.
   */
  private keepPrepared(name: string): void {
    const kept = this.prepared;
    if (!kept.delete(name) && kept.size >= MAX_PREPARED_STATEMENTS) {
      const [oldest] = kept;
      kept.delete(oldest);
      const parsed = (this as unknown as { connection: { parsedStatements: Record<string, string> } })
        .connection.parsedStatements;
      // Never parsed (its Parse failed or is still on its way): nothing to deallocate, and a DEALLOCATE of
      // a name the server lacks would abort the transaction it ran in.
      if (parsed[oldest] !== undefined)
        super.query(`DEALLOCATE "${oldest.replace(/"/g, '""')}"`, (error: Error | null) => {
          if (!error) delete parsed[oldest];
        });
    }
    kept.add(name);
  }

  private abandon(timeoutMs: number): void {
    const stream = (this as unknown as { connection?: { stream?: { destroy(error?: Error): void } } })
      .connection?.stream;
    stream?.destroy(new Error(`PostgreSQL did not answer within ${timeoutMs + UNANSWERED_GRACE_MS} ms`));
  }

  /** PostgreSQL's cancel request for whatever this connection is running now. */
  private cancelRunning(): void {
    const self = this as unknown as { _activeQuery?: unknown; processID?: number };
    if (!self._activeQuery || !self.processID) return;
    const canceller = new Client({ host: this.host, port: this.port });
    const connection = (canceller as unknown as { connection: NodeJS.EventEmitter }).connection;
    connection.on('error', () => undefined);
    const delivered = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, CANCEL_DELIVERY_MS);
      timer.unref();
      // The server closes the cancel socket once it has signalled the session (or on an error).
      connection.once('end', resolve);
      connection.once('error', resolve);
    }).then(() => {
      if (this.cancelInFlight === delivered) this.cancelInFlight = null;
    });
    this.cancelInFlight = delivered;
    (canceller as unknown as { cancel(target: Client, query: unknown): void }).cancel(
      this,
      self._activeQuery,
    );
  }
}
