import { ERRORS } from './generated/contract-constants.js';

/** What the server told us (or what we could tell) about a failed call. */
export interface BootpayCommerceErrorDetails {
  message: string;
  /** HTTP status; `null` when no response arrived (connection failure, timeout). */
  status?: number | null;
  /** The server's error code from the `{status, code, message, data}` envelope, e.g. 1700. */
  code?: number | string | null;
  /** The `x-request-id` response header, to quote when asking the server's operators. */
  requestId?: string | null;
  headers?: Record<string, string>;
  /** The envelope's `data`, or the raw body when it was not JSON. */
  data?: unknown;
  cause?: unknown;
}

/**
 * Base class of every error the client throws. A rejected API call carries the
 * server's `status`, `code` and `message` unchanged.
 */
export class BootpayCommerceError extends Error {
  readonly status: number | null;
  readonly code: number | string | null;
  readonly requestId: string | null;
  readonly headers: Record<string, string>;
  readonly data: unknown;

  constructor(details: BootpayCommerceErrorDetails) {
    super(details.message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.status = details.status ?? null;
    this.code = details.code ?? null;
    this.requestId = details.requestId ?? null;
    this.headers = details.headers ?? {};
    this.data = details.data ?? null;
  }
}

/** 400 (and other 4xx without a class of their own): a parameter was missing or malformed. */
export class BootpayCommerceInvalidRequestError extends BootpayCommerceError {}

/** 401: wrong keys or an expired token (code 1700). */
export class BootpayCommerceAuthError extends BootpayCommerceError {}

/** 403: the keys are valid but may not do this. */
export class BootpayCommercePermissionError extends BootpayCommerceError {}

/** 404: the resource does not exist or belongs to another project (orders: code 3700). */
export class BootpayCommerceNotFoundError extends BootpayCommerceError {}

/** The `code`s a 409 carries. */
export const CONFLICT_CODE = {
  /**
   * 1200: already processed. The order already has the status the action leads to, or the
   * idempotency key was used before with a different body or path.
   */
  PROCESS_DUPLICATED: ERRORS.PROCESS_DUPLICATED.code,
  /** 3701: the order's current status does not allow this change; `data` has `current_status`, `requested_status`, `allowed_from`. */
  INVALID_STATE_CHANGE: ERRORS.INVALID_STATE_CHANGE.code,
} as const;

/** What a 3701 conflict's `data` holds. */
export interface InvalidStateChangeData {
  order_id: string;
  /** e.g. `payment.start`. */
  action: string;
  current_status: number;
  requested_status: number;
  allowed_from: number[];
}

/**
 * 409: the request conflicts with the current state. `code` tells which:
 * `CONFLICT_CODE.PROCESS_DUPLICATED` (1200) or `CONFLICT_CODE.INVALID_STATE_CHANGE` (3701).
 */
export class BootpayCommerceConflictError extends BootpayCommerceError {
  /** Code 1200: the change is already applied, or the idempotency key was used for another request. */
  get isDuplicate(): boolean {
    return Number(this.code) === CONFLICT_CODE.PROCESS_DUPLICATED;
  }

  /** Code 3701: the order's status does not allow this action. */
  get isInvalidStateChange(): boolean {
    return Number(this.code) === CONFLICT_CODE.INVALID_STATE_CHANGE;
  }
}

/** 429: too many requests; see the `retry-after` header. */
export class BootpayCommerceRateLimitError extends BootpayCommerceError {}

/** 5xx, or a response the client could not understand. */
export class BootpayCommerceApiError extends BootpayCommerceError {}

/** No response: DNS failure, refused or reset connection. `status` is `null`. */
export class BootpayCommerceConnectionError extends BootpayCommerceError {}

/** No response within `timeout_ms`. `status` is `null`. */
export class BootpayCommerceTimeoutError extends BootpayCommerceConnectionError {}

/** Picks the error class that matches an HTTP status. */
export function errorFromResponse(details: BootpayCommerceErrorDetails & { status: number }): BootpayCommerceError {
  switch (details.status) {
    case 400:
      return new BootpayCommerceInvalidRequestError(details);
    case 401:
      return new BootpayCommerceAuthError(details);
    case 403:
      return new BootpayCommercePermissionError(details);
    case 404:
      return new BootpayCommerceNotFoundError(details);
    case 409:
      return new BootpayCommerceConflictError(details);
    case 429:
      return new BootpayCommerceRateLimitError(details);
  }
  if (details.status >= 400 && details.status < 500) return new BootpayCommerceInvalidRequestError(details);
  return new BootpayCommerceApiError(details);
}
