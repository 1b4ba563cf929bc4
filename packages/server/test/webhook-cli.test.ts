import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { keysCommand } from '../src/cli/keys-command.js';
import { UsageError } from '../src/cli/options.js';
import { webhooksCommand } from '../src/cli/webhooks-command.js';

/**
 * The command functions `jumun webhooks …` runs, in this process (a process per call costs
 * seconds on a busy machine; the spawned CLI is exercised by webhook-processes.test.ts). A
 * UsageError is what main.ts turns into exit code 2, any other error into 1.
 */
async function output(work: () => Promise<unknown>): Promise<string> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => lines.push(args.join(' '));
  try {
    await work();
  } finally {
    console.log = log;
  }
  return lines.join('\n');
}

describe('jumun webhooks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jumun-webhooks-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'w.sqlite');
  const db = ['--db', `sqlite:${file}`];
  const webhooks = (...args: string[]) => output(() => webhooksCommand([...args, ...db]));

  it('adds, lists, disables, enables and rotates; the secret is printed only when made and stored sealed', async () => {
    await output(() => keysCommand(['create', '--project', 'shop', ...db]));
    const made = JSON.parse(await webhooks('add', '--project', 'shop', '--url', 'https://shop.example.com/hook', '--events', 'order.paid,order.cancelled', '--json'));
    assert.match(made.secret, /^whsec_/);
    assert.deepEqual(made.events, ['order.paid', 'order.cancelled']);
    const listed = await webhooks('list', '--project', 'shop');
    assert.match(listed, new RegExp(`${made.webhook_id}  active  https://shop.example.com/hook  events: order.paid,order.cancelled`));
    assert.ok(!listed.includes(made.secret));
    const sqlite = new Database(file, { readonly: true });
    const stored = JSON.stringify(sqlite.prepare('select * from webhook_endpoints').all());
    sqlite.close();
    assert.ok(!stored.includes(made.secret.slice(6)), 'sealed, not in the clear');

    assert.match(await webhooks('disable', '--id', made.webhook_id), /disabled \(manual, /);
    assert.match(await webhooks('enable', '--id', made.webhook_id), / active /);
    const rotated = await webhooks('rotate-secret', '--id', made.webhook_id);
    const secret = /secret (whsec_\S+)/.exec(rotated)?.[1];
    assert.ok(secret && secret !== made.secret, 'a new secret, printed once');
  });

  it('refuses bad input as bad usage (exit 2) and a missing endpoint or project as a failure (exit 1)', async () => {
    await assert.rejects(webhooks('add', '--project', 'shop', '--url', 'http://127.0.0.1:9000/hook'), (error: Error) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, /url .*JUMUN_WEBHOOK_TARGETS=any/);
      return true;
    });
    process.env.JUMUN_WEBHOOK_TARGETS = 'any';
    try {
      assert.equal(JSON.parse(await webhooks('add', '--project', 'shop', '--url', 'http://127.0.0.1:9000/hook', '--json')).url, 'http://127.0.0.1:9000/hook');
    } finally {
      delete process.env.JUMUN_WEBHOOK_TARGETS;
    }
    await assert.rejects(webhooks('add', '--project', 'shop', '--url', 'https://x.example/h', '--events', 'order.shipped'), (error: Error) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, /events .*order\.shipped/);
      return true;
    });
    await assert.rejects(webhooks('disable', '--id', 'wh_nope'), (error: Error) => !(error instanceof UsageError) && /웹훅을 찾지 못했습니다/.test(error.message));
    await assert.rejects(webhooks('add', '--project', 'nobody', '--url', 'https://x.example/h'), (error: Error) => !(error instanceof UsageError) && /no project/.test(error.message));
    await assert.rejects(webhooks('frobnicate'), UsageError);
    await assert.rejects(webhooks('disable'), UsageError);
  });
});
