import { hashSecret, newClientKey, newSecretKey, type KeyScope } from '../domain/credentials.js';
import { newOrderId } from '../domain/order-ids.js';
import { nowSeconds } from '../domain/timestamps.js';
import { insertApiKey, revokeApiKey } from '../storage/api-key-repository.js';
import { findProjectByName, insertProject, type Project } from '../storage/project-repository.js';
import type { Storage } from '../storage/storage.js';

export async function ensureProject(storage: Storage, name: string): Promise<Project> {
  const existing = await findProjectByName(storage, name);
  if (existing) return existing;
  const now = nowSeconds();
  const project = { project_id: newOrderId(now), name, created_at: now };
  await insertProject(storage, project);
  return project;
}

export interface NewKeyPair {
  project_id: string;
  client_key: string;
  scope: KeyScope;
  /** Shown once: only its hash is stored. */
  secret_key: string;
}

/** Creates a key pair for the project, creating the project when it is new. */
export async function createKeyPair(
  storage: Storage,
  hashKey: string,
  projectName: string,
  scope: KeyScope = 'write',
): Promise<NewKeyPair> {
  const project = await ensureProject(storage, projectName);
  const clientKey = newClientKey();
  const secretKey = newSecretKey();
  await insertApiKey(storage, {
    client_key: clientKey,
    project_id: project.project_id,
    secret_hash: hashSecret(hashKey, secretKey),
    created_at: nowSeconds(),
    revoked_at: null,
    scope,
  });
  return { project_id: project.project_id, client_key: clientKey, scope, secret_key: secretKey };
}

/** Revokes a key pair: its Basic auth and its access tokens stop working now. False when no active key has that client key. */
export function revokeKeyPair(storage: Storage, clientKey: string): Promise<boolean> {
  return revokeApiKey(storage, clientKey, nowSeconds());
}

export function findProject(storage: Storage, name: string): Promise<Project | undefined> {
  return findProjectByName(storage, name);
}
