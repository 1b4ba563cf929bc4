import type { Kysely, Selectable } from 'kysely';
import type { Database, ServerProcessTable } from './schema.js';

export type ServerProcessRow = Selectable<ServerProcessTable>;

/** Says this process is alive now (insert or refresh). */
export async function announceProcess(db: Kysely<Database>, row: ServerProcessRow): Promise<void> {
  await db
    .insertInto('server_processes')
    .values(row)
    .onConflict((oc) => oc.column('process_id').doUpdateSet({ seen_at_ms: row.seen_at_ms, expires_at_ms: row.expires_at_ms }))
    .execute();
}

/** Processes whose announcement has not expired at `nowMs`; long-expired ones (before `forgetBeforeMs`) are deleted. */
export async function liveProcesses(db: Kysely<Database>, nowMs: number, forgetBeforeMs: number): Promise<number> {
  await db.deleteFrom('server_processes').where('expires_at_ms', '<', forgetBeforeMs).execute();
  const row = await db
    .selectFrom('server_processes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('expires_at_ms', '>=', nowMs)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function withdrawProcess(db: Kysely<Database>, processId: string): Promise<void> {
  await db.deleteFrom('server_processes').where('process_id', '=', processId).execute();
}
