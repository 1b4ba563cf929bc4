import { invalidField } from './errors.js';
import { isUnsafeText, SAFE_TEXT_FORM, showUnsafeText } from './text-safety.js';
import { parseTimestamp } from './timestamps.js';

/**
 * Readers for the fields of a JSON body or an import record. Each one checks type and range
 * without coercing ("100" is not 100, null is not 0) and throws a 400 naming the field's path.
 */
export type Fields = Record<string, unknown>;

export function fieldPath(parent: string, name: string | number): string {
  if (typeof name === 'number') return `${parent}[${name}]`;
  return parent === '' ? name : `${parent}.${name}`;
}

/** A JSON object with no fields but the allowed ones (a typo must not be ignored silently). */
export function objectAt(value: unknown, path: string, allowed: readonly string[]): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidField(path || 'body', value, 'JSON 객체');
  }
  const fields = value as Fields;
  for (const name of Object.keys(fields)) {
    if (!allowed.includes(name)) {
      throw invalidField(fieldPath(path, name), fields[name], `없는 필드 (쓸 수 있는 필드: ${allowed.join(', ')})`);
    }
  }
  return fields;
}

export interface TextRule {
  max: number;
  required?: boolean;
  /** A regular expression the text must match, with how to describe it. */
  pattern?: { regex: RegExp; description: string };
}

function describeText(rule: TextRule): string {
  return rule.pattern?.description ?? `공백이 아닌 ${rule.max}자 이하의 문자열`;
}

/** A string field: undefined when absent, null when null (and allowed), else the text. */
export function textField(fields: Fields, name: string, path: string, rule: TextRule & { required: true }): string;
export function textField(fields: Fields, name: string, path: string, rule: TextRule): string | null | undefined;
export function textField(fields: Fields, name: string, path: string, rule: TextRule): string | null | undefined {
  const value = fields[name];
  // Messages are built only on failure: an import validates millions of fields.
  const fail = () => invalidField(fieldPath(path, name), value, describeText(rule) + (rule.required ? ' (필수)' : ''));
  if (value === undefined || value === null) {
    if (rule.required) throw fail();
    return value;
  }
  if (typeof value !== 'string' || value.length > rule.max) throw fail();
  // HTTP bodies are refused at parsing already; import records arrive here directly.
  if (isUnsafeText(value)) throw invalidField(fieldPath(path, name), showUnsafeText(value), SAFE_TEXT_FORM);
  return checkText(value, fieldPath(path, name), rule);
}

/**
 * What no JSON schema says of a string already of the right type and length: not blank, and
 * matching the rule's pattern. The create route's schema checks the rest; import records go
 * through `textField`, which checks both.
 */
export function checkText(value: string, path: string, rule: TextRule): string {
  if (value.trim() === '' || (rule.pattern && !rule.pattern.regex.test(value))) {
    throw invalidField(path, value, describeText(rule) + (rule.required ? ' (필수)' : ''));
  }
  return value;
}

export function integerField(
  fields: Fields,
  name: string,
  path: string,
  rule: { min: number; max: number; required?: boolean },
): number | undefined {
  const value = fields[name];
  const fail = () => {
    const expected = `${rule.min.toLocaleString('en-US')} 이상 ${rule.max.toLocaleString('en-US')} 이하의 정수`;
    return invalidField(fieldPath(path, name), value, rule.required && value === undefined ? `${expected} (필수)` : expected);
  };
  if (value === undefined) {
    if (rule.required) throw fail();
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < rule.min || value > rule.max) throw fail();
  return value;
}

export function choiceField<T extends string | number>(
  fields: Fields,
  name: string,
  path: string,
  allowed: readonly T[],
  required = false,
): T | undefined {
  const value = fields[name];
  if (value === undefined && !required) return undefined;
  if (!allowed.includes(value as T)) {
    const expected = `${allowed.map((v) => JSON.stringify(v)).join(', ')} 중 하나${required ? ' (필수)' : ''}`;
    throw invalidField(fieldPath(path, name), value, expected);
  }
  return value as T;
}

/** 2100-01-01T00:00:00Z: order ids keep their creation second in 8 hex digits, which end in 2106. */
const LATEST_TIMESTAMP = 4_102_444_800;

/** An ISO-8601 instant with an explicit zone, as Unix seconds; null and absence pass through. */
export function timestampField(fields: Fields, name: string, path: string): number | null | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return value;
  const seconds = typeof value === 'string' ? parseTimestamp(value) : null;
  if (seconds === null || seconds < 0 || seconds >= LATEST_TIMESTAMP) {
    throw invalidField(fieldPath(path, name), value, '1970~2099년의, 시간대가 있는 ISO-8601 시각 (예: 2025-07-11T02:52:09Z)');
  }
  return seconds;
}
