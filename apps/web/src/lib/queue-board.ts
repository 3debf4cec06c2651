// The queue board (bull-board) is a server-rendered page: a link cannot carry the Authorization header,
// so the access token goes along as the `duban_token` cookie, scoped to the admin path (docs/operations.md).
import { getToken } from './session';

export const QUEUE_BOARD_PATH = '/api/admin/queues';

/** Sets the cookie just before the board opens, so it always carries the current token. */
export function shareTokenWithQueueBoard(): void {
  const token = getToken();
  if (!token) return;
  const secure = window.location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `duban_token=${encodeURIComponent(token)}; Path=/api/admin; SameSite=Strict${secure}`;
}
