// One fetch wrapper for the api: adds the bearer token, turns `{ code, message, details }` error
// bodies into ApiError, renews a short-lived access token once on 401 (the refresh token is an
// httpOnly cookie the page never sees), and ends the session when that fails so the route guard
// sends the user to /login.
import type { ErrorCode, LoginResponse } from '@duban/contracts';
import { clearSession, getSession, getToken, saveSession } from './session';

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Record<string, QueryValue>;

/** `?a=1&b=x`, skipping empty values so filters left blank do not reach the api. */
export function toQueryString(params: QueryParams = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function apiUrl(path: string, params?: QueryParams): string {
  return `${API_BASE}${path}${toQueryString(params)}`;
}

const FALLBACK_MESSAGES: Record<number, string> = {
  400: '请求参数有误',
  401: '登录已失效，请重新登录',
  403: '没有权限执行此操作',
  404: '请求的内容不存在',
  409: '数据状态已变化，请刷新后重试',
  413: '文件过大',
  422: '文件无法解析',
  429: '操作过于频繁，请稍后再试',
  500: '服务器内部错误',
  503: '服务暂不可用',
};

async function toApiError(response: Response): Promise<ApiError> {
  let body: { code?: string; message?: string; details?: unknown } = {};
  try {
    const text = await response.text();
    body = text ? JSON.parse(text) : {};
  } catch {
    // Not JSON (a proxy error page): fall back to the status text below.
  }
  const message = body.message || FALLBACK_MESSAGES[response.status] || `请求失败（${response.status}）`;
  return new ApiError(response.status, body.code ?? `HTTP_${response.status}`, message, body.details);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  params?: QueryParams;
  /** A plain object is sent as JSON; FormData as multipart. */
  body?: unknown;
  signal?: AbortSignal;
}

let refreshing: Promise<string | null> | null = null;

/**
 * A new access token from the refresh cookie, or null when the session is over. One request at a
 * time: a burst of 401s waits for the same refresh (the refresh token is good only once).
 */
function refreshToken(expired: string): Promise<string | null> {
  refreshing ??= (async () => {
    try {
      const response = await fetch(`${API_BASE}/auth/refresh`, {
        method: 'POST',
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
      });
      if (response.ok) {
        const session = (await response.json()) as LoginResponse;
        saveSession({ token: session.accessToken, user: session.user });
        return session.accessToken;
      }
    } catch {
      // Offline: the caller reports the original 401.
    }
    // Another tab may have refreshed (and spent the cookie's token) first.
    const current = getSession()?.token ?? null;
    return current && current !== expired ? current : null;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

function send(path: string, options: RequestOptions, token: string | null): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  return fetch(apiUrl(path, options.params), {
    method: options.method ?? 'GET',
    headers,
    body,
    signal: options.signal,
  });
}

/** The raw response of a successful call (for downloads); throws ApiError otherwise. */
export async function apiFetch(path: string, options: RequestOptions = {}): Promise<Response> {
  let token = getToken();
  let response: Response;
  try {
    response = await send(path, options, token);
    // A 401 on a call made with a token: the access token expired or was revoked; renew once.
    if (response.status === 401 && token) {
      const renewed = await refreshToken(token);
      if (renewed) {
        token = renewed;
        response = await send(path, options, token);
      }
    }
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK_ERROR', '无法连接服务器，请检查网络');
  }
  if (!response.ok) {
    const error = await toApiError(response);
    // Still 401 after a refresh: the session is over. On the login call it is just bad credentials.
    if (response.status === 401 && token) clearSession();
    throw error;
  }
  return response;
}

/** Signs out on the server too (every token of the user stops working), then locally. */
export async function signOut(): Promise<void> {
  const token = getToken();
  if (token) {
    await fetch(`${API_BASE}/auth/logout`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      credentials: 'same-origin',
    }).catch(() => undefined);
  }
  clearSession();
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await apiFetch(path, options);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}
