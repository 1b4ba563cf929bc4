import { ERRORS, type ErrorName } from '../contract/constants.js';

/** The error catalogue (status, code, message of every error) is part of the shared contract. */
export { ERRORS, type ErrorName };

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
