import { isKeyScope } from '../domain/credentials.js';
import { createKeyPair, revokeKeyPair } from '../services/projects.js';
import { loadHashKey } from '../services/hash-key.js';
import { databaseUrl, parseOptions, UsageError } from './options.js';
import { withStorage } from './with-storage.js';

const USAGE =
  'usage: jumun keys create --project NAME [--scope read|write] [--db URL] [--json] | jumun keys revoke --client-key KEY [--db URL]';

async function revoke(clientKey: string | undefined, db: string | undefined): Promise<void> {
  if (!clientKey) throw new UsageError('--client-key KEY is required');
  const revoked = await withStorage(databaseUrl(db), (storage) => revokeKeyPair(storage, clientKey));
  if (!revoked) throw new Error(`no active key ${clientKey}`);
  console.log(`revoked ${clientKey}: its Basic auth and access tokens stop working now`);
}

/** `jumun keys create --project NAME [--db URL] [--json]`, `jumun keys revoke --client-key KEY` */
export async function keysCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseOptions({ args, allowPositionals: true, options: {
    project: { type: 'string' },
    db: { type: 'string' },
    json: { type: 'boolean' },
    'client-key': { type: 'string' },
    scope: { type: 'string' },
  } });
  if (positionals[0] === 'revoke') return revoke(values['client-key'], values.db);
  if (positionals[0] !== 'create') throw new UsageError(USAGE);
  if (!values.project) throw new UsageError('--project NAME is required');
  const project = values.project;
  const scope = values.scope ?? 'write';
  if (!isKeyScope(scope)) throw new UsageError(`--scope takes read or write, not '${scope}'`);
  const pair = await withStorage(databaseUrl(values.db), async (storage) =>
    createKeyPair(storage, await loadHashKey(storage), project, scope),
  );
  if (values.json) {
    console.log(JSON.stringify(pair));
  } else {
    console.log(`project    ${project} (${pair.project_id})`);
    console.log(`client_key ${pair.client_key}`);
    console.log(`scope      ${pair.scope}${pair.scope === 'read' ? ' (lists, reads, summaries, exports; no writes)' : ''}`);
    console.log(`secret_key ${pair.secret_key}`);
    console.log('The secret is shown only now: only its hash is stored.');
  }
}
