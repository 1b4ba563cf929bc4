/** True when a statement broke a unique or primary-key constraint (SQLite or Postgres). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * True when a transaction lost a race with another writer and can simply run again: on SQLite
 * another process (say `jumun import`) wrote after this transaction began reading
 * (SQLITE_BUSY_SNAPSHOT) or held the lock past the busy timeout; on Postgres a deadlock or
 * serialization failure.
 */
export function isTransientConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) || code === '40001' || code === '40P01';
}
