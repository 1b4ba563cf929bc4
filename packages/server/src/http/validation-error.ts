import type { FastifySchemaValidationError } from 'fastify';
import { ApiError, echo, HIDDEN_VALUE, isCredentialField, showValue, type ErrorName } from '../domain/errors.js';

/** An issue as Ajv reports it with `verbose: true`: the offending value comes along. */
type Issue = FastifySchemaValidationError & { data?: unknown };

/** `/products/0/price` → `products[0].price`. */
function pathOf(instancePath: string): string {
  return instancePath
    .split('/')
    .filter((part) => part !== '')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path === '' ? part : `${path}.${part}`), '');
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

const TYPE_NAMES: Record<string, string> = {
  integer: '정수',
  number: '숫자',
  string: '문자열',
  object: 'JSON 객체',
  array: '배열',
  boolean: 'true 또는 false',
  null: 'null',
};

function expectedForm(issue: Issue): string {
  const { params } = issue;
  const limit = Number(params.limit).toLocaleString('en-US');
  switch (issue.keyword) {
    case 'type':
      return String(params.type).split(',').map((t) => TYPE_NAMES[t] ?? t).join(' 또는 ');
    case 'minimum':
      return `${limit} 이상의 수`;
    case 'maximum':
      return `${limit} 이하의 수`;
    case 'minLength':
      return `${limit}자 이상의 문자열`;
    case 'maxLength':
      return `${limit}자 이하의 문자열`;
    case 'minItems':
      return `${limit}개 이상의 항목`;
    case 'maxItems':
      return `${limit}개 이하의 항목`;
    case 'enum':
      return `${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')} 중 하나`;
    case 'required':
      return '필수 필드';
    case 'additionalProperties':
      return '없는 필드 (오타가 아닌지 확인해 주세요)';
    default:
      return issue.message ?? issue.keyword;
  }
}

/** A schema validation failure as a 400 that names the field, the value received and the expected form. */
export function validationError(issue: Issue | undefined, context: string | undefined): ApiError {
  const name: ErrorName = context === 'body' ? 'INVALID_BODY' : 'INVALID_PARAMETER';
  if (!issue) return new ApiError(name);
  let field = pathOf(issue.instancePath);
  let value = issue.data;
  if (issue.keyword === 'required') {
    field = join(field, String(issue.params.missingProperty));
    value = undefined;
  } else if (issue.keyword === 'additionalProperties') {
    const extra = String(issue.params.additionalProperty);
    value = (issue.data as Record<string, unknown> | undefined)?.[extra];
    field = join(field, extra);
  }
  const where = field || context || 'body';
  const expected = expectedForm(issue);
  const shown = isCredentialField(where) ? HIDDEN_VALUE : showValue(value);
  return new ApiError(name, `${echo(where)} 값이 올바르지 않습니다: ${shown} (기대 형식: ${expected})`, {
    parameter: where,
    value: shown,
    expected,
  });
}
