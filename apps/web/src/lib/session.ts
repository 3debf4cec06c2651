// The signed-in user and token, kept in localStorage and exposed as a tiny external store so a 401
// anywhere (http client) and the route guard agree without prop drilling.
import { useSyncExternalStore } from 'react';
import type { CurrentUser } from '@duban/contracts';

const TOKEN_KEY = 'duban.token';
const USER_KEY = 'duban.user';

export interface Session {
  token: string;
  user: CurrentUser;
}

const listeners = new Set<() => void>();
let cached: Session | null | undefined;

function read(): Session | null {
  const token = localStorage.getItem(TOKEN_KEY);
  const raw = localStorage.getItem(USER_KEY);
  if (!token || !raw) return null;
  try {
    const user = JSON.parse(raw) as CurrentUser;
    // A stored user from an older build (or hand-edited) without roles cannot drive the menu: sign in again.
    return Array.isArray(user?.roles) ? { token, user } : null;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  // Re-read when storage was changed behind our back (tests, another tab).
  const token = localStorage.getItem(TOKEN_KEY);
  if (cached === undefined || (cached?.token ?? null) !== token) cached = read();
  return cached;
}

export function getToken(): string | null {
  return getSession()?.token ?? null;
}

function emit(): void {
  cached = undefined;
  listeners.forEach((listener) => listener());
}

export function saveSession(session: Session): void {
  localStorage.setItem(TOKEN_KEY, session.token);
  localStorage.setItem(USER_KEY, JSON.stringify(session.user));
  emit();
}

export function updateUser(user: CurrentUser): void {
  if (!Array.isArray(user?.roles)) return;
  localStorage.setItem(USER_KEY, JSON.stringify(user));
  emit();
}

export function clearSession(): void {
  localStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(USER_KEY);
  emit();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === TOKEN_KEY || event.key === USER_KEY) emit();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

export function useSession(): Session | null {
  return useSyncExternalStore(subscribe, getSession, () => null);
}
