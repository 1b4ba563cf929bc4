import { parseArgs } from 'node:util';
import { DEFAULT_DATABASE_URL } from '../storage/storage.js';

/** A mistake in how a command was called: printed as usage help, exit code 2. */
export class UsageError extends Error {}

export function databaseUrl(flag: string | undefined): string {
  return flag ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
}

export function integerOption(name: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min) {
    throw new UsageError(`--${name} must be an integer ≥ ${min}, got '${value}'`);
  }
  return Number(value);
}

/** Strict parsing of a command's flags; mistakes become usage errors. */
export const parseOptions: typeof parseArgs = (config) => {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
};
