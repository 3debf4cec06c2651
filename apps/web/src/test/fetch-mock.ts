// Mocks `fetch` at the network boundary: each handler answers a method + path (without /api/v1).
export interface MockResponseInit {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const RESPONSE = Symbol('response');

/** A reply with an explicit status (anything else a handler returns is a 200 JSON body). */
export function respond(status: number, body?: unknown, headers?: Record<string, string>): MockResponseInit {
  return { status, body, headers, [RESPONSE]: true } as MockResponseInit;
}

export type Handler = {
  method: string;
  path: string | RegExp;
  reply: (request: { url: URL; init: RequestInit; body: unknown }) => MockResponseInit | unknown;
};

export interface FetchCall {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: unknown;
}

function fakeResponse(init: MockResponseInit): Response {
  const status = init.status ?? 200;
  const text =
    init.body === undefined ? '' : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  const headers = new Map(Object.entries(init.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    ok: status >= 200 && status < 300,
    status,
    headers: { get: (name: string) => headers.get(name.toLowerCase()) ?? null },
    text: async () => text,
    json: async () => JSON.parse(text),
    blob: async () => new Blob([text]),
  } as unknown as Response;
}

const emptyPage = { items: [], total: 0, page: 1, pageSize: 20 };
/** The header badge asks for the inbox on every page: an empty one, with the count its contract requires. */
const emptyInbox = { ...emptyPage, unreadCount: 0 };

/** Installs a fetch mock; unmatched GETs answer an empty page so unrelated widgets stay quiet. */
export function mockFetch(handlers: Handler[]) {
  const calls: FetchCall[] = [];
  const fn = jest.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost');
    const method = (init.method ?? 'GET').toUpperCase();
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : init.body;
    calls.push({ method, url, headers: (init.headers ?? {}) as Record<string, string>, body });
    const handler = handlers.find(
      (h) => h.method === method && (typeof h.path === 'string' ? h.path === path : h.path.test(path)),
    );
    if (!handler)
      return fakeResponse(
        method === 'GET'
          ? { body: path === '/notifications' ? emptyInbox : emptyPage }
          : { status: 404, body: { code: 'NOT_FOUND', message: `未模拟：${method} ${path}` } },
      );
    const reply = handler.reply({ url, init, body });
    const explicit = typeof reply === 'object' && reply !== null && RESPONSE in reply;
    return fakeResponse(explicit ? (reply as MockResponseInit) : { body: reply });
  });
  globalThis.fetch = fn as unknown as typeof fetch;
  return { fn, calls };
}

export const get = (path: string | RegExp, reply: Handler['reply']): Handler => ({
  method: 'GET',
  path,
  reply,
});
export const post = (path: string | RegExp, reply: Handler['reply']): Handler => ({
  method: 'POST',
  path,
  reply,
});
