// The pool's pg client, aware of the request it serves (common/request-context.ts):
// - statement_timeout follows the request's class: the client remembers the value its session has
//   and queues `SET statement_timeout` ahead of a statement that needs another one (one extra
//   round trip only when a connection changes class; pg runs a client's queue in order);
// - a request whose client disconnected cancels its running statement with PostgreSQL's cancel
//   request (a separate socket, so it works while the pool is full) and starts no new one.
import { Client, type ClientConfig } from 'pg';
import { currentRequest, RequestAbortedError, type RunningStatement } from './request-context';

export class ContextClient extends Client {
  /** The session's statement_timeout as this client set it; null when unknown (after a rollback). */
  private sessionTimeoutMs: number | null;
  private readonly defaultTimeoutMs: number;

  constructor(config: ClientConfig) {
    super(config);
    this.defaultTimeoutMs = Number(config.statement_timeout ?? 0);
    this.sessionTimeoutMs = this.defaultTimeoutMs;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const context = currentRequest();
    if (context?.aborted) {
      const callback = args.find((arg) => typeof arg === 'function') as ((e: Error) => void) | undefined;
      if (callback) return void process.nextTick(callback, new RequestAbortedError());
      return Promise.reject(new RequestAbortedError());
    }
    const wanted = context?.statementTimeoutMs ?? this.defaultTimeoutMs;
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text;
    if (wanted !== this.sessionTimeoutMs && !/^\s*(SET|RESET)\s+statement_timeout/i.test(text ?? '')) {
      this.sessionTimeoutMs = wanted;
      // A failure here (a broken connection, an aborted transaction) fails the statement behind it too.
      (super.query(`SET statement_timeout = ${Math.round(wanted)}`) as Promise<unknown>).catch(() => {
        this.sessionTimeoutMs = null;
      });
    }
    // A session SET made inside a transaction is undone by its rollback.
    if (text && /^\s*ROLLBACK(?!\s+TO)/i.test(text)) this.sessionTimeoutMs = null;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result = (super.query as (...a: unknown[]) => any).apply(this, args);
    if (!context || !result || typeof result.then !== 'function') return result;
    const statement: RunningStatement = { cancel: () => this.cancelRunning() };
    context.running.add(statement);
    return result.finally(() => context.running.delete(statement));
  }

  /** PostgreSQL's cancel request for whatever this connection is running now. */
  private cancelRunning(): void {
    const self = this as unknown as { activeQuery?: unknown; processID?: number };
    if (!self.activeQuery || !self.processID) return;
    const canceller = new Client({ host: this.host, port: this.port });
    const connection = (canceller as unknown as { connection: NodeJS.EventEmitter }).connection;
    connection.on('error', () => undefined);
    (canceller as unknown as { cancel(target: Client, query: unknown): void }).cancel(this, self.activeQuery);
  }
}
