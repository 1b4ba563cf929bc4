import { createKeyPair } from '../services/projects.js';
import { loadHashKey } from '../services/hash-key.js';
import { databaseUrl, parseOptions, UsageError } from './options.js';
import { withStorage } from './with-storage.js';

/** `jumun keys create --project NAME [--db URL] [--json]` */
export async function keysCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseOptions({ args, allowPositionals: true, options: {
    project: { type: 'string' },
    db: { type: 'string' },
    json: { type: 'boolean' },
  } });
  if (positionals[0] !== 'create') throw new UsageError("usage: jumun keys create --project NAME [--db URL] [--json]");
  if (!values.project) throw new UsageError('--project NAME is required');
  const project = values.project;
  const pair = await withStorage(databaseUrl(values.db), async (storage) =>
    createKeyPair(storage, await loadHashKey(storage), project),
  );
  if (values.json) {
    console.log(JSON.stringify(pair));
  } else {
    console.log(`project    ${project} (${pair.project_id})`);
    console.log(`client_key ${pair.client_key}`);
    console.log(`secret_key ${pair.secret_key}`);
    console.log('The secret is shown only now: only its hash is stored.');
  }
}
