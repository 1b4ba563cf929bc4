import type { ApiClient } from './api.js';
import type { Permissions } from './order-actions.js';
import type { ViewState } from './query-state.js';
import type { Permission, Session } from './session.js';
import type { ConfirmDialog } from './views/confirm-dialog.js';

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
  /** Loads the summary, the issues and the list again (after an action changed orders). */
  refresh(): void;
  /** Whether an action's button is shown. */
  permissions: Permissions;
  confirm: ConfirmDialog;
}
