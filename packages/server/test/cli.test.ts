import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';

const run = promisify(execFile);
const JUMUN = new URL('../../bin/jumun.js', import.meta.url).pathname;

describe('jumun CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jumun-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const db = (name: string) => `sqlite:${join(dir, name)}`;
  const jumun = (...args: string[]) => run(process.execPath, [JUMUN, ...args], { env: { ...process.env, LOG_LEVEL: 'silent' } });

  it('creates keys as one JSON line, loads deterministic demo data, and serves it', async () => {
    await jumun('migrate', '--db', db('a.sqlite'));
    const { stdout } = await jumun('keys', 'create', '--project', 'shop', '--db', db('a.sqlite'), '--json');
    const lines = stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    const keys = JSON.parse(lines[0]!);
    assert.deepEqual(Object.keys(keys), ['project_id', 'client_key', 'scope', 'secret_key']);
    assert.equal(keys.scope, 'write', 'keys are write keys unless --scope read');
    assert.ok(Buffer.from(keys.secret_key, 'base64url').length >= 32, 'secret carries at least 256 bits');

    const again = JSON.parse((await jumun('keys', 'create', '--project', 'shop', '--db', db('a.sqlite'), '--json')).stdout);
    assert.equal(again.project_id, keys.project_id, 'a second key pair joins the existing project');

    const demo = ['demo-data', '--project', 'shop', '--orders', '500', '--seed', '3', '--now', '2025-08-01T00:00:00Z'];
    await jumun(...demo, '--db', db('a.sqlite'));
    const duplicate = await jumun(...demo, '--db', db('a.sqlite')).then(() => null, (error: { code: number; stderr: string }) => error);
    assert.equal(duplicate?.code, 2);
    assert.match(duplicate!.stderr, /already/);

    const server = spawn(process.execPath, [JUMUN, 'serve', '--port', '0', '--db', db('a.sqlite')], {
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    try {
      const baseUrl = await new Promise<string>((resolve, reject) => {
        let output = '';
        server.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /jumun listening on (http:\/\/\S+)/.exec(output);
          if (match) resolve(match[1]!);
        });
        server.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
      });
      const authorization = `Basic ${Buffer.from(`${again.client_key}:${again.secret_key}`).toString('base64')}`;
      const response = await fetch(`${baseUrl}/v1/orders?limit=50`, { headers: { authorization } });
      const body = (await response.json()) as { count: number; list: Array<{ order_id: string }> };
      assert.equal(body.count, 500);
      assert.equal(body.list.length, 50);

    } finally {
      server.kill('SIGTERM');
    }
  });

  it('prints every command\'s usage for --help and exits 0, touching no database', async () => {
    for (const command of ['serve', 'keys', 'demo-data', 'import', 'migrate']) {
      for (const flag of ['--help', '-h']) {
        const { stdout } = await jumun(command, flag, '--db', db('help.sqlite'));
        assert.match(stdout, new RegExp(`^usage: jumun ${command} `), `${command} ${flag}`);
        assert.match(stdout, /DATABASE_URL/);
      }
    }
    assert.match((await jumun('--help')).stdout, /import --project NAME .*--encoding/);
    assert.equal(existsSync(join(dir, 'help.sqlite')), false, 'no database was opened');
  });

  it('revokes a key pair once, and says so when there is no active key to revoke', async () => {
    const keys = JSON.parse((await jumun('keys', 'create', '--project', 'gone', '--db', db('r.sqlite'), '--json')).stdout);
    const { stdout } = await jumun('keys', 'revoke', '--client-key', keys.client_key, '--db', db('r.sqlite'));
    assert.match(stdout, new RegExp(`revoked ${keys.client_key}`));
    const again = await jumun('keys', 'revoke', '--client-key', keys.client_key, '--db', db('r.sqlite')).then(() => null, (e: { code: number; stderr: string }) => e);
    assert.equal(again?.code, 1);
    assert.match(again!.stderr, /no active key/);
    const file = new Database(join(dir, 'r.sqlite'), { readonly: true });
    const row = file.prepare('select revoked_at from api_keys where client_key = ?').get(keys.client_key) as { revoked_at: number | null };
    file.close();
    assert.ok(row.revoked_at !== null && Math.abs(row.revoked_at - Date.now() / 1000) < 120, 'revoked now');
  });

  it('rejects bad usage with exit code 2 and a message', async () => {
    for (const args of [['nope'], ['keys', 'create'], ['demo-data', '--project', 'x', '--orders', 'many'], ['serve', '--bogus']]) {
      const error = await jumun(...args, '--db', db('c.sqlite')).then(() => null, (e: { code: number; stderr: string }) => e);
      assert.equal(error?.code, 2, args.join(' '));
      assert.ok(error!.stderr.length > 0);
    }
  });
});
