import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The repository root, seen from dist/test/helpers/ of this package. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
const JUMUN_BIN = join(REPO_ROOT, 'packages/server/bin/jumun.js');
const STARTUP_TIMEOUT_MS = 20_000;

export interface JumunServer {
  /** e.g. `http://127.0.0.1:54321/v1` */
  baseUrl: string;
  origin: string;
  clientKey: string;
  secretKey: string;
  stop(): Promise<void>;
}

/** A real jumun server on a free port over a fresh SQLite file holding deterministic demo orders. */
export async function startJumunServer(options: { orders?: number; project?: string } = {}): Promise<JumunServer> {
  const project = options.project ?? 'client-test';
  const dir = await mkdtemp(join(tmpdir(), 'jumun-client-test-'));
  const db = `sqlite:${join(dir, 'jumun.db')}`;
  let child: ChildProcess | undefined;
  try {
    const keys = parseKeys(await runJumun(['keys', 'create', '--project', project, '--db', db, '--json']));
    await runJumun(['demo-data', '--project', project, '--orders', String(options.orders ?? 300), '--seed', '7', '--db', db]);
    child = spawn(process.execPath, [JUMUN_BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--db', db], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const origin = await waitForListening(child);
    const running = child;
    return {
      baseUrl: `${origin}/v1`,
      origin,
      clientKey: keys.client_key,
      secretKey: keys.secret_key,
      async stop() {
        if (running.exitCode === null && running.signalCode === null) {
          running.kill();
          await once(running, 'exit');
        }
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    child?.kill();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function runJumun(args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync(process.execPath, [JUMUN_BIN, ...args], { cwd: REPO_ROOT });
    return stdout;
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`jumun ${args.join(' ')} failed: ${stderr ?? String(error)}`);
  }
}

function parseKeys(stdout: string): { client_key: string; secret_key: string } {
  const line = stdout.split('\n').find((l) => l.trim().startsWith('{'));
  if (!line) throw new Error(`keys create printed no JSON line: ${stdout}`);
  return JSON.parse(line) as { client_key: string; secret_key: string };
}

/** Resolves with the origin from the `jumun listening on http://…` line. */
function waitForListening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => fail(new Error(`jumun serve did not start within ${STARTUP_TIMEOUT_MS} ms`)), STARTUP_TIMEOUT_MS);
    const onExit = (code: number | null) => fail(new Error(`jumun serve exited with ${code}`));
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.kill();
      reject(new Error(`${error.message}\nstdout: ${stdout}\nstderr: ${stderr}`));
    };
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /jumun listening on (http:\/\/[^\s/]+)/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(match[1]);
      }
    });
    child.once('exit', onExit);
  });
}
