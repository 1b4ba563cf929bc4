/** Entry point: sign-in or the console, depending on the stored session. */
import { startConsole } from './console-app.js';
import { fill } from './dom.js';
import { clearSession, loadSession, saveSession, type Session } from './session.js';
import { signInView } from './views/sign-in.js';

const root = document.getElementById('app')!;
const timeZone = document.querySelector<HTMLMetaElement>('meta[name="jumun-time-zone"]')?.content || 'Asia/Seoul';
let stopConsole: (() => void) | null = null;

function showSignIn(message?: string): void {
  stopConsole?.();
  stopConsole = null;
  clearSession();
  document.title = '로그인 · jumun';
  fill(root, signInView(message ?? null, (session) => {
    saveSession(session);
    showConsole(session);
  }));
}

function showConsole(session: Session): void {
  document.title = '주문 조회 · jumun';
  stopConsole = startConsole(root, session, timeZone, showSignIn);
}

const stored = loadSession();
if (stored.state === 'active') showConsole(stored.session);
else showSignIn(stored.state === 'expired' ? '로그인 세션이 만료되었습니다. 다시 로그인해 주세요.' : undefined);
