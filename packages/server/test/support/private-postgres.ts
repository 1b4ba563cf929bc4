import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A Postgres server of a test's own, in a temp directory on a free port, that the test may stop,
 * start, freeze and thaw without disturbing any other database.
 */
export interface PrivatePostgres {
  url: string;
  /** The server's data directory (its `log/` holds what `logging_collector` wrote). */
  dataDir: string;
  /** `pg_ctl stop -m immediate`: every connection drops at once, as in a crash. */
  stop(): void;
  start(): void;
  /** SIGSTOP to every server process: connections stay open but nothing answers. */
  freeze(): void;
  thaw(): void;
  destroy(): void;
}

const BIN_DIRS = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'];

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, name))) return dir;
  }
  return null;
}

/** The directory holding `initdb` and `pg_ctl`, or null when Postgres' server programs are absent. */
export function findPostgresBinDir(): string | null {
  const candidates = [onPath('initdb'), ...BIN_DIRS].filter((dir): dir is string => dir !== null);
  return candidates.find((dir) => ['initdb', 'pg_ctl', 'pg_basebackup'].every((program) => existsSync(join(dir, program)))) ?? null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Postgres refuses to run as root: as root, its programs run as the `postgres` user. */
function runner(binDir: string): (program: string, args: string[]) => void {
  const asRoot = process.getuid?.() === 0;
  return (program, args) => {
    const path = join(binDir, program);
    const [command, commandArgs] = asRoot ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
    execFileSync(command, commandArgs, { stdio: 'pipe', cwd: tmpdir() });
  };
}

function postmasterPid(dataDir: string): number {
  return Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

function childPids(parent: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        // Field 4 of /proc/PID/stat, counted after the command name in parentheses, is the parent.
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/**
 * A server of a test's own; with `replicaOf`, a streaming replica of that primary instead of a
 * new cluster (`pg_basebackup -R`: a base backup plus the standby settings, WAL streamed).
 * `settings`: further server settings (`-c name=value`; values without spaces).
 */
export async function startPrivatePostgres(
  binDir: string,
  replicaOf?: PrivatePostgres,
  settings: Record<string, string> = {},
): Promise<PrivatePostgres> {
  const run = runner(binDir);
  const dataDir = mkdtempSync(join(tmpdir(), 'jumun-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dataDir, uid, gid);
  }
  const port = await freePort();
  if (replicaOf) {
    const primaryPort = new URL(replicaOf.url).port;
    run('pg_basebackup', ['-h', '127.0.0.1', '-p', primaryPort, '-U', 'postgres', '-D', dataDir, '-R', '-X', 'stream', '--no-sync']);
  } else {
    run('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync', '--no-instructions']);
  }
  const extra = Object.entries(settings).map(([name, value]) => ` -c ${name}=${value}`).join('');
  const options = `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=16MB${extra}`;
  const start = () => run('pg_ctl', ['-D', dataDir, '-l', join(dataDir, 'server.log'), '-o', options, '-w', '-t', '30', 'start']);
  const stop = () => run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
  const signalAll = (signal: NodeJS.Signals) => {
    const postmaster = postmasterPid(dataDir);
    for (const pid of [postmaster, ...childPids(postmaster)]) process.kill(pid, signal);
  };
  let frozen = false;
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dataDir,
    stop,
    start,
    freeze: () => {
      signalAll('SIGSTOP');
      frozen = true;
    },
    thaw: () => {
      signalAll('SIGCONT');
      frozen = false;
    },
    destroy: () => {
      try {
        if (frozen) signalAll('SIGCONT');
        if (existsSync(join(dataDir, 'postmaster.pid'))) stop();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
