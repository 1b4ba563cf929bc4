/** Driver knowledge: which SQLite, Postgres and socket errors mean the database is out of reach. */
const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE',
  'SQLITE_BUSY', 'SQLITE_CANTOPEN',
  // Postgres: shutting down, crashed, starting up, out of connections, statement timeout.
  '57P01', '57P02', '57P03', '53300', '57014',
  // No pooled connection or read worker came free within the statement timeout; shutting down.
  'JUMUN_SLOT_WAIT_TIMEOUT', 'JUMUN_SLOTS_CLOSED',
]);
const CONNECTION_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|not queryable|connect ECONNREFUSED/i;

/** True when the database could not be reached or did not answer in time. */
export function isStorageUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_ERRORS.has(code) || code.startsWith('08'))) return true;
  // A host name with several addresses fails with one error per address.
  if (error instanceof AggregateError) return error.errors.some(isStorageUnavailable);
  return CONNECTION_MESSAGES.test(error.message);
}
