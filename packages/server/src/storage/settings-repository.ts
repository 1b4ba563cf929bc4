import type { Storage } from './storage.js';

/** Reads a setting, creating it with `make()` the first time; concurrent first calls agree. */
export async function getOrCreateSetting(storage: Storage, name: string, make: () => string): Promise<string> {
  const existing = await storage.db.selectFrom('settings').select('value').where('name', '=', name).executeTakeFirst();
  if (existing) return existing.value;
  await storage.db
    .insertInto('settings')
    .values({ name, value: make() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await storage.db.selectFrom('settings').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return row.value;
}
