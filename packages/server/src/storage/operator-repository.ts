import type { Kysely, Selectable } from 'kysely';
import type { AuditLogTable, Database, OperatorTable } from './schema.js';

export type OperatorRow = Selectable<OperatorTable>;
export type AuditRow = Selectable<AuditLogTable>;

export async function insertOperator(db: Kysely<Database>, operator: OperatorRow): Promise<void> {
  await db.insertInto('operators').values(operator).execute();
}

export function findOperatorByEmail(db: Kysely<Database>, email: string): Promise<OperatorRow | undefined> {
  return db.selectFrom('operators').selectAll().where('email', '=', email).executeTakeFirst();
}

/** An operator of the project; another project's operator is not found. */
export function findOperator(db: Kysely<Database>, projectId: string, operatorId: string): Promise<OperatorRow | undefined> {
  return db.selectFrom('operators').selectAll().where('project_id', '=', projectId).where('operator_id', '=', operatorId).executeTakeFirst();
}

export function findOperatorById(db: Kysely<Database>, operatorId: string): Promise<OperatorRow | undefined> {
  return db.selectFrom('operators').selectAll().where('operator_id', '=', operatorId).executeTakeFirst();
}

export function listOperators(db: Kysely<Database>, projectId: string): Promise<OperatorRow[]> {
  return db.selectFrom('operators').selectAll().where('project_id', '=', projectId).orderBy('created_at').orderBy('operator_id').execute();
}

export async function updateOperator(
  db: Kysely<Database>,
  operatorId: string,
  changes: Partial<Pick<OperatorRow, 'password_hash' | 'disabled_at' | 'updated_at'>>,
): Promise<void> {
  await db.updateTable('operators').set(changes).where('operator_id', '=', operatorId).execute();
}

export async function insertPasswordLink(db: Kysely<Database>, link: { token_hash: string; operator_id: string; created_at: number; expires_at: number }): Promise<void> {
  await db.insertInto('operator_password_links').values({ ...link, used_at: null }).execute();
}

/** Ends every unused link of the operator (a new one replaces them, a disabled account has none). */
export async function retirePasswordLinks(db: Kysely<Database>, operatorId: string, at: number): Promise<void> {
  await db.updateTable('operator_password_links').set({ used_at: at }).where('operator_id', '=', operatorId).where('used_at', 'is', null).execute();
}

/** Uses a link once: true only for the one caller that marked it used while it was valid. */
export async function consumePasswordLink(db: Kysely<Database>, tokenHash: string, at: number): Promise<string | null> {
  const link = await db
    .selectFrom('operator_password_links')
    .select(['operator_id'])
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
  if (!link) return null;
  const used = await db
    .updateTable('operator_password_links')
    .set({ used_at: at })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(used.numUpdatedRows) === 1 ? link.operator_id : null;
}

export async function insertAuditEntry(db: Kysely<Database>, entry: AuditRow): Promise<void> {
  await db.insertInto('audit_log').values(entry).execute();
}

export function listAuditEntries(db: Kysely<Database>, projectId: string, limit: number): Promise<AuditRow[]> {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('at', 'desc')
    .orderBy('audit_id', 'desc')
    .limit(limit)
    .execute();
}
