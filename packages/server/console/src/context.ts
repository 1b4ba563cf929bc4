import type { ApiClient } from './api.js';
import type { ViewState } from './query-state.js';
import type { Permission, Session } from './session.js';

/** What every view may use: the API, the time zone, the current state and the way to change it. */
export interface ConsoleContext {
  api: ApiClient;
  /** Who is signed in; `can` says what their role may do (the server enforces the same). */
  session: Session;
  can(permission: Permission): boolean;
  timeZone: string;
  formatTime(timestamp: string | null): string;
  state(): ViewState;
  navigate(next: ViewState): void;
  showError(error: unknown): void;
}
