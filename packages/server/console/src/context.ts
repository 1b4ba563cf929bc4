import type { ApiClient } from './api.js';
import type { ViewState } from './query-state.js';

/** What every view may use: the API, the time zone, the current state and the way to change it. */
export interface ConsoleContext {
  api: ApiClient;
  timeZone: string;
  formatTime(timestamp: string | null): string;
  state(): ViewState;
  navigate(next: ViewState): void;
  showError(error: unknown): void;
}
