import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { REPO_ROOT } from './options.js';

export interface ServerProcess {
  baseUrl: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * The real server (`jumun serve`) in its own process, so the load generator never shares its
 * event loop; request logs off. Resolves once it prints the address it listens on.
 */
export async function startServer(dbUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const bin = resolve(REPO_ROOT, 'packages/server/bin/jumun.js');
  const child: ChildProcess = spawn(process.execPath, [bin, 'serve', '--port', '0', '--host', '127.0.0.1', '--db', dbUrl], {
    cwd: REPO_ROOT,
    // The bench measures the database paths, not the request limits: those are off here.
    env: { ...process.env, LOG_LEVEL: 'silent', JUMUN_RATE_LIMIT_PER_SECOND: '0', JUMUN_HEAVY_CONCURRENCY: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const baseUrl = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`jumun serve did not start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /jumun listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        done(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`jumun serve exited with code ${code}:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  // Anything the server says later (errors) still reaches the console.
  child.stderr!.removeAllListeners('data');
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`[server] ${chunk}`));
  child.stdout!.removeAllListeners('data');
  child.stdout!.resume();
  return {
    baseUrl,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
