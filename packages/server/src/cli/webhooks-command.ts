import { webhookSettings } from '../config.js';
import { ApiError } from '../domain/errors.js';
import { formatTimestamp } from '../domain/timestamps.js';
import { loadHashKey } from '../services/hash-key.js';
import { findProject } from '../services/projects.js';
import {
  createEndpoint,
  disableEndpoint,
  enableEndpoint,
  listProjectEndpoints,
  rotateEndpointSecret,
  type WebhookEndpoint,
} from '../services/webhooks.js';
import type { Storage } from '../storage/storage.js';
import { databaseUrl, parseOptions, UsageError } from './options.js';
import { withStorage } from './with-storage.js';

export const WEBHOOKS_USAGE = `webhooks add --project NAME --url URL [--events TYPE,TYPE] [--description TEXT] [--db URL] [--json]
  webhooks list --project NAME [--db URL] [--json]
  webhooks disable|enable|rotate-secret --id WEBHOOK_ID [--db URL] [--json]
      endpoints that receive signed order events (docs/webhooks.md); a secret is printed only when made`;

function describe(endpoint: WebhookEndpoint): string {
  const state = endpoint.status === 'active' ? 'active' : `disabled (${endpoint.disabled_reason}, ${formatTimestamp(endpoint.disabled_at)})`;
  return `${endpoint.webhook_id}  ${state}  ${endpoint.url}  events: ${endpoint.events?.join(',') ?? 'all'}`;
}

async function projectId(storage: Storage, name: string | undefined): Promise<string> {
  if (!name) throw new UsageError('--project NAME is required');
  const project = await findProject(storage, name);
  if (!project) throw new Error(`no project '${name}'`);
  return project.project_id;
}

/** `jumun webhooks add|list|disable|enable|rotate-secret`: the operator's view, on the database. */
export async function webhooksCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseOptions({ args, allowPositionals: true, options: {
    project: { type: 'string' },
    url: { type: 'string' },
    events: { type: 'string' },
    description: { type: 'string' },
    id: { type: 'string' },
    db: { type: 'string' },
    json: { type: 'boolean' },
  } });
  const action = positionals[0];
  const print = (endpoint: WebhookEndpoint & { secret?: string }) => {
    if (values.json) return console.log(JSON.stringify(endpoint));
    console.log(describe(endpoint));
    if (endpoint.secret) console.log(`secret ${endpoint.secret}\nThe secret is shown only now; every delivery is signed with it.`);
  };
  try {
    await withStorage(databaseUrl(values.db), async (storage) => {
      if (action === 'add') {
        if (!values.url) throw new UsageError('--url URL is required');
        const events = values.events === undefined ? null : values.events.split(',').map((e) => e.trim()).filter((e) => e !== '');
        const project = await projectId(storage, values.project);
        const made = await createEndpoint(storage, await loadHashKey(storage), project, { url: values.url, events, description: values.description ?? null }, webhookSettings().targets);
        return print(made);
      }
      if (action === 'list') {
        const endpoints = await listProjectEndpoints(storage, await projectId(storage, values.project));
        if (values.json) return console.log(JSON.stringify(endpoints));
        for (const endpoint of endpoints) console.log(describe(endpoint));
        return;
      }
      if (action !== 'disable' && action !== 'enable' && action !== 'rotate-secret') throw new UsageError(`usage: jumun ${WEBHOOKS_USAGE}`);
      if (!values.id) throw new UsageError('--id WEBHOOK_ID is required');
      if (action === 'disable') return print(await disableEndpoint(storage, null, values.id));
      if (action === 'enable') return print(await enableEndpoint(storage, null, values.id));
      return print(await rotateEndpointSecret(storage, await loadHashKey(storage), null, values.id));
    });
  } catch (error) {
    // The services' refusals name what was wrong (the URL, an event type, a missing endpoint).
    if (error instanceof ApiError) throw error.status === 400 ? new UsageError(error.message) : new Error(error.message);
    throw error;
  }
}
