import { readNewOperator, checkNewPassword } from '../domain/operator-input.js';
import { ApiError } from '../domain/errors.js';
import { formatTimestamp, nowSeconds } from '../domain/timestamps.js';
import { sessionLimits } from '../config.js';
import { setPasswordUrl, operatorView } from '../http/operator-view.js';
import { COMMAND_LINE_ACTOR } from '../services/audit-log.js';
import {
  createOperator,
  disableOperator,
  operatorByEmail,
  operatorsOf,
  resetOperatorPassword,
  type OperatorChange,
  type PasswordLink,
} from '../services/operators.js';
import { ensureProject, findProject } from '../services/projects.js';
import type { Storage } from '../storage/storage.js';
import { databaseUrl, parseOptions, UsageError } from './options.js';
import { withStorage } from './with-storage.js';

export const OPERATORS_USAGE = `operators create --project NAME --email E --name N --role viewer|agent|admin [--password-stdin] [--url URL] [--db URL]
  operators list --project NAME [--json] [--db URL]
  operators disable --project NAME --email E [--db URL]
  operators reset-password --project NAME --email E [--url URL] [--db URL]
      staff accounts of the console; create and reset-password print a one-time set-password link
      (or create takes the password on stdin); --url is the console's address (env JUMUN_PUBLIC_URL)`;

const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:8080';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function printLink(link: PasswordLink, origin: string): void {
  console.log(`set-password link (one use, until ${formatTimestamp(link.expires_at)}; shown only now):`);
  console.log(`  ${setPasswordUrl(origin, link.token)}`);
}

/** A refusal of the services (a 400 or 409 over HTTP) is the command's error message. */
async function explained<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ApiError) throw new Error(error.message);
    throw error;
  }
}

/** `jumun operators create|list|disable|reset-password` */
export async function operatorsCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseOptions({ args, allowPositionals: true, options: {
    project: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    'password-stdin': { type: 'boolean' },
    url: { type: 'string' },
    db: { type: 'string' },
    json: { type: 'boolean' },
  } });
  const action = positionals[0];
  if (!action || !['create', 'list', 'disable', 'reset-password'].includes(action)) throw new UsageError(`usage: jumun ${OPERATORS_USAGE}`);
  if (!values.project) throw new UsageError('--project NAME is required');
  if (action !== 'list' && !values.email) throw new UsageError('--email E is required');
  const origin = (values.url ?? process.env.JUMUN_PUBLIC_URL ?? DEFAULT_PUBLIC_URL).replace(/\/+$/, '');
  const password = values['password-stdin'] ? await readStdin() : null;
  const projectName = values.project;

  await withStorage(databaseUrl(values.db), (storage) => explained(async () => {
    const project = action === 'create' ? await ensureProject(storage, projectName) : await findProject(storage, projectName);
    if (!project) throw new Error(`no project '${projectName}'`);
    const change: OperatorChange = {
      projectId: project.project_id, by: COMMAND_LINE_ACTOR, now: nowSeconds(), linkSeconds: sessionLimits().passwordLinkSeconds,
    };
    if (action === 'create') return create(storage, values, password, change, origin);
    if (action === 'list') return list(storage, project.project_id, values.json === true);
    const operator = await operatorByEmail(storage, project.project_id, values.email!);
    if (action === 'disable') {
      await disableOperator(storage, operator.operator_id, change);
      console.log(`disabled ${operator.email}: its sessions ended now`);
      return;
    }
    const { link } = await resetOperatorPassword(storage, operator.operator_id, change);
    console.log(`${operator.email}: the old password and sessions stopped working`);
    printLink(link, origin);
  }));
}

async function create(
  storage: Storage,
  values: { email?: string; name?: string; role?: string },
  password: string | null,
  change: OperatorChange,
  origin: string,
): Promise<void> {
  const input = readNewOperator({ email: values.email, name: values.name, role: values.role });
  const { operator, link } = await createOperator(storage, input, password === null ? null : checkNewPassword(password), change);
  console.log(`operator ${operator.email} (${operator.name}, ${operator.role}) ${operator.operator_id}`);
  if (link) printLink(link, origin);
  else console.log('password set from stdin: the account can sign in now');
}

async function list(storage: Storage, projectId: string, json: boolean): Promise<void> {
  const operators = (await operatorsOf(storage, projectId)).map(operatorView);
  if (json) {
    console.log(JSON.stringify(operators));
    return;
  }
  for (const o of operators) console.log(`${o.operator_id}  ${o.role.padEnd(6)}  ${o.state.padEnd(8)}  ${o.email}  ${o.name}`);
  if (operators.length === 0) console.log('no operators');
}
