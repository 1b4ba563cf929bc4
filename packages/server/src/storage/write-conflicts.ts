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

/**
 * Runs a transaction again when it lost a race, up to `attempts` runs in all: a concurrent
 * writer took one of its unique keys (a new id colliding, or the same record imported twice at
 * once), or it hit a transient conflict, after which it waits a little longer each time. The
 * transaction rolled back whole, so running it again is safe; any other error is thrown at once.
 */
export async function retryOnConflict<T>(attempts: number, transaction: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      if (attempt >= attempts || !(isUniqueViolation(error) || isTransientConflict(error))) throw error;
      if (isTransientConflict(error)) await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}
