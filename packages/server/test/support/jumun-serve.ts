import { spawn, type ChildProcess } from 'node:child_process';

export const JUMUN_BIN = new URL('../../../bin/jumun.js', import.meta.url).pathname;

/**
 * `jumun serve` on a free port in a process of its own (so a test can signal or kill it);
 * resolves once it prints the address it listens on, fails if it exits before.
 */
export async function spawnServe(dbUrl: string, env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent' }): Promise<{ child: ChildProcess; baseUrl: string; port: number }> {
  const child = spawn(process.execPath, [JUMUN_BIN, 'serve', '--port', '0', '--db', dbUrl], { env });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /jumun listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
  return { child, baseUrl, port: Number(new URL(baseUrl).port) };
}
