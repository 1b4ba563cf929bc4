import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Staff passwords, hashed with scrypt (memory-hard): N = 2^15, r = 8, p = 1, a 32-byte key from
 * a 16-byte random salt; about 32 MiB and some 50–100 ms per hash. Stored as
 * `scrypt$N$r$p$salt$hash` (base64url), so the parameters can be raised later without breaking
 * the passwords hashed before.
 */
export const SCRYPT_PARAMETERS = { N: 2 ** 15, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;
export const MIN_PASSWORD_LENGTH = 12;
/** Hashing a huge "password" would only burn CPU. */
export const MAX_PASSWORD_LENGTH = 256;

function derive(password: string, salt: Buffer, N: number, r: number, p: number, keyLength: number): Promise<Buffer> {
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const { N, r, p, keyLength, saltLength } = SCRYPT_PARAMETERS;
  const salt = randomBytes(saltLength);
  const key = await derive(password, salt, N, r, p, keyLength);
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** A hash no password matches, checked when the account is unknown so timing does not tell. */
let decoy: Promise<string> | null = null;

export async function passwordMatches(password: string, stored: string | null): Promise<boolean> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  const parts = (stored ?? (await decoy)).split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const expected = Buffer.from(parts[5]!, 'base64url');
  const key = await derive(password, Buffer.from(parts[4]!, 'base64url'), N, r, p, expected.length);
  return stored !== null && timingSafeEqual(key, expected);
}

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `${MIN_PASSWORD_LENGTH}자 이상의 비밀번호`;
  if (length > MAX_PASSWORD_LENGTH) return `${MAX_PASSWORD_LENGTH}자 이하의 비밀번호`;
  if (password.trim() !== password) return '앞뒤에 공백이 없는 비밀번호';
  return null;
}
