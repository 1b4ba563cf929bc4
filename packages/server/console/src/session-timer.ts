/**
 * Ends the screen's session when the server's does: at its absolute end, or when nothing was
 * asked of the server for the idle time. `activity()` is called on every API call.
 */
import type { Session } from './session.js';

export const SESSION_ENDED_MESSAGE = '로그인 세션이 만료되었습니다. 다시 로그인해 주세요.';

export function sessionTimer(session: Session, onEnded: () => void): { activity(): void; stop(): void } {
  const idleMs = Math.max(1000, session.idleExpiresAt - Date.now());
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    clearTimeout(timer);
    const end = Math.min(session.expiresAt, Date.now() + idleMs);
    timer = setTimeout(onEnded, Math.max(0, end - Date.now()));
  };
  schedule();
  return { activity: schedule, stop: () => clearTimeout(timer) };
}
