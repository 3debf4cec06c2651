// A webhook receiver (SMS gateway, 政务钉钉 bridge) stand-in for the delivery tests.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signWebhook } from '../../src/modules/reminders/reminder-channels';

/** Set as WEBHOOK_SECRET by tests that check signatures. */
export const WEBHOOK_TEST_SECRET = 'webhook-secret-for-tests';

/** A call the gateway received. */
export interface GatewayCall {
  /** The idempotency key: the ledger id. */
  id: string;
  headers: IncomingHttpHeaders;
  signed: boolean;
  body: unknown;
  /** The status answered, or null for a call left hanging. */
  status?: number | null;
}

/**
 * An SMS-gateway stand-in on a free port. `answer` decides each call, given the calls before it: an
 * HTTP status, a status after a delay, or 'hang' (never answer).
 */
export async function startGateway(
  answer: (
    call: GatewayCall,
    earlier: GatewayCall[],
  ) => number | { status: number; afterMs: number } | 'hang',
): Promise<{ url: string; calls: GatewayCall[]; close: () => void }> {
  const calls: GatewayCall[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const call = {
        id: String(req.headers['idempotency-key']),
        headers: req.headers,
        signed: req.headers['x-duban-signature'] === signWebhook(WEBHOOK_TEST_SECRET, raw),
        body: JSON.parse(raw),
      };
      const reply = answer(call, [...calls]);
      const { status, afterMs } =
        reply === 'hang'
          ? { status: null, afterMs: 0 }
          : typeof reply === 'number'
            ? { status: reply, afterMs: 0 }
            : reply;
      calls.push({ ...call, status });
      if (status === null) return;
      setTimeout(() => res.writeHead(status).end(), afterMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    calls,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
