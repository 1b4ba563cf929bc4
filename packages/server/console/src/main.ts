/** Entry point: sign-in, set-password, the operators page or the console, by path and session. */
import { currentSession } from './api.js';
import { startConsole } from './console-app.js';
import { fill } from './dom.js';
import type { Session } from './session.js';
import { startOperatorsPage } from './views/operators-page.js';
import { setPasswordView } from './views/set-password.js';
import { signInView } from './views/sign-in.js';

const root = document.getElementById('app')!;
const timeZone = document.querySelector<HTMLMetaElement>('meta[name="jumun-time-zone"]')?.content || 'Asia/Seoul';
const ENDED = '로그인 세션이 만료되었습니다. 다시 로그인해 주세요.';
let stopView: (() => void) | null = null;

function showSignIn(message?: string, email?: string): void {
  stopView?.();
  stopView = null;
  document.title = '로그인 · jumun';
  fill(root, signInView(message ?? null, showSignedIn, email));
}

function showSignedIn(session: Session): void {
  stopView?.();
  const onOperatorsPage = location.pathname === '/console/operators' && session.operator.role === 'admin';
  if (onOperatorsPage) {
    document.title = '운영자 관리 · jumun';
    stopView = startOperatorsPage(root, session, timeZone, showSignIn);
  } else {
    if (location.pathname !== '/console') history.replaceState(null, '', `/console${location.search}`);
    document.title = '주문 조회 · jumun';
    stopView = startConsole(root, session, timeZone, showSignIn);
  }
}

async function boot(): Promise<void> {
  if (location.pathname === '/console/set-password') {
    const token = new URLSearchParams(location.search).get('token') ?? '';
    // The token leaves the address bar (and the history) at once.
    history.replaceState(null, '', '/console/set-password');
    document.title = '비밀번호 설정 · jumun';
    fill(root, setPasswordView(token, (email) => {
      history.replaceState(null, '', '/console');
      showSignIn('비밀번호를 정했습니다. 로그인하세요.', email);
    }));
    return;
  }
  try {
    const { session, ended } = await currentSession();
    if (session) showSignedIn(session);
    else showSignIn(ended ? ENDED : undefined);
  } catch (error) {
    showSignIn(error instanceof Error ? error.message : String(error));
  }
}

void boot();
