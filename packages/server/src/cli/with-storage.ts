import { migrate, openStorage, type Storage } from '../storage/storage.js';

/** Opens and migrates the database, runs `work`, and always closes it. */
export async function withStorage<T>(url: string, work: (storage: Storage) => Promise<T>): Promise<T> {
  const storage = openStorage(url);
  try {
    await migrate(storage);
    return await work(storage);
  } finally {
    await storage.close();
  }
}
