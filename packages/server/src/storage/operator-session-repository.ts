import type { Kysely, Selectable } from 'kysely';
import type { OperatorRow } from './operator-repository.js';
import type { Database, OperatorSessionTable } from './schema.js';

export type OperatorSessionRow = Selectable<OperatorSessionTable>;

export async function insertSession(db: Kysely<Database>, session: OperatorSessionRow): Promise<void> {
  await db.insertInto('operator_sessions').values(session).execute();
}

/** A session not revoked, with its operator; expiry is the caller's judgement. */
export async function findLiveSession(
  db: Kysely<Database>,
  sessionHash: string,
): Promise<{ session: OperatorSessionRow; operator: OperatorRow } | null> {
  const row = await db
    .selectFrom('operator_sessions as s')
    .innerJoin('operators as o', 'o.operator_id', 's.operator_id')
    .select([
      's.session_hash', 's.operator_id', 's.created_at as session_created_at', 's.last_seen_at', 's.expires_at', 's.revoked_at',
      'o.project_id', 'o.email', 'o.name', 'o.role', 'o.password_hash', 'o.created_at', 'o.updated_at', 'o.disabled_at',
    ])
    .where('s.session_hash', '=', sessionHash)
    .where('s.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  const { session_hash, last_seen_at, expires_at, revoked_at, session_created_at, ...operator } = row;
  return {
    session: { session_hash, operator_id: operator.operator_id, created_at: session_created_at, last_seen_at, expires_at, revoked_at },
    operator,
  };
}

export async function touchSession(db: Kysely<Database>, sessionHash: string, at: number): Promise<void> {
  await db.updateTable('operator_sessions').set({ last_seen_at: at }).where('session_hash', '=', sessionHash).execute();
}

export async function revokeSession(db: Kysely<Database>, sessionHash: string, at: number): Promise<void> {
  await db.updateTable('operator_sessions').set({ revoked_at: at }).where('session_hash', '=', sessionHash).where('revoked_at', 'is', null).execute();
}

/** Ends every session of an operator (disabled, or the password was reset). */
export async function revokeOperatorSessions(db: Kysely<Database>, operatorId: string, at: number): Promise<void> {
  await db.updateTable('operator_sessions').set({ revoked_at: at }).where('operator_id', '=', operatorId).where('revoked_at', 'is', null).execute();
}
