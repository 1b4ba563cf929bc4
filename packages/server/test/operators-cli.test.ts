import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';

const JUMUN = new URL('../../bin/jumun.js', import.meta.url).pathname;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Runs `jumun …` with optional stdin; resolves with the exit code and output (never rejects). */
function jumun(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [JUMUN, ...args], { env: { ...process.env, LOG_LEVEL: 'silent' } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }));
    if (stdin !== undefined) child.stdin!.end(stdin);
  });
}

describe('jumun operators', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jumun-operators-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'staff.sqlite');
  const db = ['--db', `sqlite:${file}`];

  it('creates with a one-time link or a password on stdin, lists, resets and disables; refuses bad input', async () => {
    const created = await jumun(['operators', 'create', '--project', 'shop', '--email', 'Ops@Example.com', '--name', '김운영', '--role', 'agent', '--url', 'https://ops.example.com/', ...db]);
    assert.equal(created.code, 0, created.stderr);
    const link = /https:\/\/ops\.example\.com\/console\/set-password\?token=([A-Za-z0-9_-]{43})/.exec(created.stdout);
    assert.ok(link, created.stdout);
    const withPassword = await jumun(['operators', 'create', '--project', 'shop', '--email', 'boss@example.com', '--name', '최관리', '--role', 'admin', '--password-stdin', ...db], '관리자의 충분히 긴 비밀번호\n');
    assert.equal(withPassword.code, 0, withPassword.stderr);
    assert.match(withPassword.stdout, /can sign in now/);

    const sqlite = new Database(file, { readonly: true });
    try {
      const links = sqlite.prepare('select token_hash from operator_password_links').all() as Array<{ token_hash: string }>;
      assert.deepEqual(links.map((l) => l.token_hash), [sha256(link[1]!)], 'only the hash of the link is stored');
      const hashes = sqlite.prepare('select email, password_hash from operators order by email').all() as Array<{ email: string; password_hash: string | null }>;
      assert.deepEqual(hashes.map((h) => [h.email, h.password_hash?.slice(0, 17) ?? null]), [['boss@example.com', 'scrypt$32768$8$1$'], ['ops@example.com', null]]);
    } finally {
      sqlite.close();
    }

    // Each run starts a process; the ones that do not depend on each other run side by side.
    const [listing, badRole, short, missing] = await Promise.all([
      jumun(['operators', 'list', '--project', 'shop', '--json', ...db]),
      jumun(['operators', 'create', '--project', 'shop', '--email', 'x@example.com', '--name', 'x', '--role', 'owner', ...db]),
      jumun(['operators', 'create', '--project', 'shop', '--email', 'y@example.com', '--name', 'y', '--role', 'viewer', '--password-stdin', ...db], 'short\n'),
      jumun(['operators', 'disable', '--project', 'shop', ...db]),
    ]);
    // Both were made within the same second or two: the list's order (creation time, then id) is not asserted.
    const listed = JSON.parse(listing.stdout).map((o: { email: string; role: string; state: string }) => [o.email, o.role, o.state]);
    assert.deepEqual(listed.sort(), [['boss@example.com', 'admin', 'active'], ['ops@example.com', 'agent', 'pending']]);
    assert.equal(badRole.code, 1);
    assert.match(badRole.stderr, /role 값이 올바르지 않습니다/);
    assert.equal(short.code, 1);
    assert.match(short.stderr, /password .*12자 이상/);
    assert.ok(!short.stderr.includes('short\n') && !short.stderr.includes("'short'"), 'the password is not echoed');
    assert.equal(missing.code, 2, 'a usage error');

    const [reset, disabled] = await Promise.all([
      jumun(['operators', 'reset-password', '--project', 'shop', '--email', 'boss@example.com', ...db]),
      jumun(['operators', 'disable', '--project', 'shop', '--email', 'ops@example.com', ...db]),
    ]);
    assert.equal(reset.code, 0, reset.stderr);
    assert.match(reset.stdout, /http:\/\/127\.0\.0\.1:8080\/console\/set-password\?token=/);
    assert.equal(disabled.code, 0, disabled.stderr);
    const twice = await jumun(['operators', 'disable', '--project', 'shop', '--email', 'ops@example.com', ...db]);
    assert.deepEqual([twice.code, /이미 비활성화된/.test(twice.stderr)], [1, true]);
  });

  it('serve --demo prints a demo admin login beside the keys, and it signs in', async () => {
    const server = spawn(process.execPath, [JUMUN, 'serve', '--demo', '--port', '0', '--db', `sqlite:${join(dir, 'demo.sqlite')}`], {
      env: { ...process.env, LOG_LEVEL: 'silent', JUMUN_DEMO_ORDERS: '50' },
    });
    try {
      const output = await new Promise<string>((resolve, reject) => {
        let text = '';
        server.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (/jumun listening on/.test(text)) resolve(text);
        });
        server.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${text}`)));
      });
      const email = /email\s+(\S+@\S+)/.exec(output)?.[1];
      const password = /password\s+(\S+)/.exec(output)?.[1];
      const baseUrl = /jumun listening on (http:\/\/\S+)/.exec(output)![1]!;
      assert.ok(email && password, output);
      assert.ok(output.indexOf('secret_key') < output.indexOf(email), 'beside the keys');
      const signIn = await fetch(`${baseUrl}/v1/console/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      assert.equal(signIn.status, 200);
      assert.equal(((await signIn.json()) as { operator: { role: string } }).operator.role, 'admin');
    } finally {
      server.kill('SIGTERM');
    }
  });
});
