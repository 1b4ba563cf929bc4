/**
 * The error catalogue: every error the API can answer with, its HTTP status and code.
 * 1700 and 3700 are fixed by Bootpay's documentation; the rest are ours.
 */
export const ERRORS = {
  INVALID_PARAMETER: { status: 400, code: 1100, message: '요청 파라미터가 올바르지 않습니다.' },
  INVALID_BODY: { status: 400, code: 1101, message: '요청 본문이 올바르지 않습니다.' },
  MALFORMED_REQUEST: {
    status: 400,
    code: 1102,
    message: 'HTTP 요청 형식이 올바르지 않습니다. URL의 공백, NUL, 한글 등 ASCII 밖의 문자는 퍼센트 인코딩해야 합니다.',
  },
  AUTH_FAILED: { status: 401, code: 1700, message: 'Access Token이 잘못되었거나 만료되었습니다.' },
  KEY_SCOPE_FORBIDDEN: { status: 403, code: 1703, message: '이 키는 읽기 전용이라 변경 요청을 할 수 없습니다.' },
  ROUTE_NOT_FOUND: { status: 404, code: 1404, message: '요청한 API를 찾을 수 없습니다.' },
  REQUEST_TIMEOUT: { status: 408, code: 1408, message: '요청을 제시간에 다 받지 못했습니다.' },
  ORDER_NOT_FOUND: { status: 404, code: 3700, message: '주문내역을 찾지 못했습니다.' },
  PROCESS_DUPLICATED: { status: 409, code: 1200, message: '이미 처리된 요청이에요' },
  INVALID_STATE_CHANGE: { status: 409, code: 3701, message: '현재 주문 상태에서 할 수 없는 요청입니다.' },
  PAYLOAD_TOO_LARGE: { status: 413, code: 1413, message: '요청 본문이 너무 큽니다.' },
  URI_TOO_LONG: { status: 414, code: 1414, message: '경로의 한 부분이 너무 깁니다 (최대 100자).' },
  HEADERS_TOO_LARGE: { status: 431, code: 1431, message: '요청 헤더가 너무 큽니다 (최대 16 KB).' },
  RATE_LIMITED: { status: 429, code: 1900, message: '요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.' },
  INTERNAL: { status: 500, code: 9000, message: '서버 내부 오류가 발생했습니다.' },
  STORAGE_UNAVAILABLE: { status: 503, code: 9503, message: '저장소에 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.' },
  SHUTTING_DOWN: { status: 503, code: 9503, message: '서버가 종료 중입니다. 잠시 후 다시 시도해 주세요.' },
} as const;

export type ErrorName = keyof typeof ERRORS;

/** An error that the API renders in the `{status, code, message, data}` envelope. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: number;
  readonly data: unknown;

  constructor(name: ErrorName, message?: string, data: unknown = null) {
    const entry = ERRORS[name];
    super(message ?? entry.message);
    this.name = name;
    this.status = entry.status;
    this.code = entry.code;
    this.data = data;
  }
}

/** The `{status, code, message, data}` envelope every non-2xx response carries. */
export function errorEnvelope(error: ApiError) {
  return { status: error.status, code: error.code, message: error.message, data: error.data };
}

const MAX_ECHO = 100;

/** Shows a received value in a message without letting a huge value flood it. */
export function echo(value: string): string {
  return value.length > MAX_ECHO ? `${value.slice(0, MAX_ECHO)}…(${value.length}자)` : value;
}

/** A 400 that names the parameter, the value received and the expected form. */
export function invalidParameter(parameter: string, value: string, expected: string): ApiError {
  const shown = isCredentialField(parameter) ? HIDDEN_VALUE : echo(value);
  return new ApiError(
    'INVALID_PARAMETER',
    `${parameter} 값이 올바르지 않습니다: '${shown}' (기대 형식: ${expected})`,
    { parameter, value: shown, expected },
  );
}

/** Shows a body value in a message: JSON, so a string and a number look different. Never throws. */
export function showValue(value: unknown): string {
  if (value === undefined) return '(없음)';
  try {
    return echo(JSON.stringify(value) ?? String(value));
  } catch {
    // Too deep to stringify, or a value JSON cannot show.
    return `(${Array.isArray(value) ? '배열' : typeof value})`;
  }
}

/** Fields whose value is a credential: named in errors, their value never shown. */
const CREDENTIAL_FIELDS = new Set(['secret_key', 'client_key', 'access_token', 'password', 'token']);
export const HIDDEN_VALUE = '(표시하지 않음)';

export function isCredentialField(path: string): boolean {
  return CREDENTIAL_FIELDS.has(path.slice(path.lastIndexOf('.') + 1).replace(/\[\d+\]$/, ''));
}

/** A 400 for a request body (or an import record) that names the field, the value and the expected form. */
export function invalidField(field: string, value: unknown, expected: string): ApiError {
  const shown = isCredentialField(field) ? HIDDEN_VALUE : showValue(value);
  return new ApiError('INVALID_BODY', `${field} 값이 올바르지 않습니다: ${shown} (기대 형식: ${expected})`, {
    parameter: field,
    value: shown,
    expected,
  });
}
