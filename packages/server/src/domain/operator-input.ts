import { OPERATOR_ROLES, type OperatorRole } from '../contract/constants.js';
import { choiceField, objectAt, textField, type Fields } from './body-fields.js';
import { HIDDEN_VALUE, invalidField } from './errors.js';
import { passwordProblem } from './passwords.js';
import { normalizeEmail } from './session-tokens.js';

const EMAIL = { max: 254, required: true, pattern: { regex: /^[^\s@]+@[^\s@]+\.[^\s@]+$/, description: '이메일 주소 (254자 이하)' } } as const;
const NAME = { max: 100, required: true } as const;

export interface NewOperatorInput {
  email: string;
  name: string;
  role: OperatorRole;
}

/** `POST /v1/operators` and `jumun operators create`: e-mail (stored lower-cased), name, role. */
export function readNewOperator(value: unknown): NewOperatorInput {
  const given = objectAt(value, '', ['email', 'name', 'role']);
  // Pasted addresses often carry spaces around them; inside, a space is still refused.
  const fields = { ...given, email: typeof given.email === 'string' ? given.email.trim() : given.email };
  return {
    email: normalizeEmail(textField(fields, 'email', '', EMAIL)),
    name: textField(fields, 'name', '', NAME).trim(),
    role: choiceField(fields, 'role', '', OPERATOR_ROLES, true)!,
  };
}

/** A new password: the 400 names the field and the rule, never the value. */
export function checkNewPassword(password: unknown, path = 'password'): string {
  const problem = typeof password === 'string' ? passwordProblem(password) : '문자열인 비밀번호';
  if (problem) throw invalidField(path, HIDDEN_VALUE, problem);
  return password as string;
}

/** The sign-in body: any strings (a wrong form is just a failed sign-in, with the same message). */
export function readSignIn(value: unknown): { email: string; password: string } | null {
  if (typeof value !== 'object' || value === null) return null;
  const { email, password } = value as Fields;
  if (typeof email !== 'string' || typeof password !== 'string' || email.length > 254 || password.length > 256) return null;
  return { email: normalizeEmail(email), password };
}
