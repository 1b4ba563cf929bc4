import type { Kysely, Selectable } from 'kysely';
import type { Database, SavedViewTable } from './schema.js';

export type SavedViewRow = Selectable<SavedViewTable> & { owner_name: string };

/** The operator's own views and the project's shared ones, oldest first. */
export function listVisibleViews(db: Kysely<Database>, projectId: string, operatorId: string): Promise<SavedViewRow[]> {
  return db
    .selectFrom('saved_views as v')
    .innerJoin('operators as o', 'o.operator_id', 'v.owner_operator_id')
    .selectAll('v')
    .select('o.name as owner_name')
    .where('v.project_id', '=', projectId)
    .where((eb) => eb.or([eb('v.owner_operator_id', '=', operatorId), eb('v.shared', '=', 1)]))
    .orderBy('v.created_at')
    .orderBy('v.view_id')
    .execute();
}

export async function countOwnViews(db: Kysely<Database>, projectId: string, operatorId: string): Promise<number> {
  const row = await db.selectFrom('saved_views').select((eb) => eb.fn.countAll().as('n'))
    .where('project_id', '=', projectId).where('owner_operator_id', '=', operatorId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertView(db: Kysely<Database>, view: Selectable<SavedViewTable>): Promise<void> {
  await db.insertInto('saved_views').values(view).execute();
}

export function findView(db: Kysely<Database>, projectId: string, viewId: string): Promise<Selectable<SavedViewTable> | undefined> {
  return db.selectFrom('saved_views').selectAll().where('project_id', '=', projectId).where('view_id', '=', viewId).executeTakeFirst();
}

export async function setViewShared(db: Kysely<Database>, projectId: string, viewId: string, shared: boolean): Promise<void> {
  await db.updateTable('saved_views').set({ shared: shared ? 1 : 0 }).where('project_id', '=', projectId).where('view_id', '=', viewId).execute();
}

export async function deleteView(db: Kysely<Database>, projectId: string, viewId: string): Promise<void> {
  await db.deleteFrom('saved_views').where('project_id', '=', projectId).where('view_id', '=', viewId).execute();
}
