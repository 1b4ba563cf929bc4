import { databaseUrl, parseOptions } from './options.js';
import { withStorage } from './with-storage.js';

export async function migrateCommand(args: string[]): Promise<void> {
  const { values } = parseOptions({ args, allowPositionals: true, options: { db: { type: 'string' } } });
  await withStorage(databaseUrl(values.db), async (storage) => {
    console.log(`migrated ${storage.description}`);
  });
}
