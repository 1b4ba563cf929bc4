/**
 * The signed-in session: only the short-lived access token and its expiry, kept in
 * sessionStorage (gone with the tab). The secret key is never stored.
 */
export interface Session {
  accessToken: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

const STORAGE_KEY = 'jumun.console.session';

export type StoredSession = { state: 'active'; session: Session } | { state: 'expired' } | { state: 'none' };

export function loadSession(now = Date.now()): StoredSession {
  let session: Session | null = null;
  try {
    session = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Session | null;
  } catch {
    // A damaged entry is the same as none.
  }
  if (session && typeof session.accessToken === 'string' && typeof session.expiresAt === 'number') {
    if (session.expiresAt > now) return { state: 'active', session };
    sessionStorage.removeItem(STORAGE_KEY);
    return { state: 'expired' };
  }
  sessionStorage.removeItem(STORAGE_KEY);
  return { state: 'none' };
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
