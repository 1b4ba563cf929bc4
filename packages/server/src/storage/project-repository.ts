import type { Storage } from './storage.js';

export interface Project {
  project_id: string;
  name: string;
  created_at: number;
}

export async function findProjectByName(storage: Storage, name: string): Promise<Project | undefined> {
  return storage.db.selectFrom('projects').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertProject(storage: Storage, project: Project): Promise<void> {
  await storage.db.insertInto('projects').values(project).execute();
}

export async function countProjects(storage: Storage): Promise<number> {
  const row = await storage.db
    .selectFrom('projects')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
