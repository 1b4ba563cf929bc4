import assert from 'node:assert/strict';
import { test } from 'node:test';
import { webhookSettings } from '../src/config.js';
import { retryDelayMs } from '../src/domain/webhook-retries.js';
import { openSecret, sealSecret, signatureHeader } from '../src/domain/webhook-signing.js';
import { isPublicAddress, webhookUrlProblem } from '../src/domain/webhook-targets.js';
import { documentedVerifier } from './support/webhook-receiver.js';

test('isPublicAddress: loopback, private, link-local, reserved and mapped forms are not public', () => {
  const notPublic = [
    '127.0.0.1', '127.255.0.9', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0',
    '192.0.2.1', '198.18.0.1', '198.51.100.7', '203.0.113.9', '224.0.0.1', '255.255.255.255',
    '::', '::1', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'ff02::1', '2001:db8::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:7f00:1', '64:ff9b::a00:1',
    'not-an-ip', 'localhost',
  ];
  const isPublic = ['8.8.8.8', '1.1.1.1', '172.32.0.1', '172.15.255.255', '100.128.0.1', '192.169.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '2a00:1450:4001::200e'];
  assert.deepEqual(notPublic.filter(isPublicAddress), []);
  assert.deepEqual(isPublic.filter((a) => !isPublicAddress(a)), []);
});

test('webhookUrlProblem: forms and the public policy', () => {
  assert.equal(webhookUrlProblem('https://shop.example.com/hook?x=1', 'public'), null);
  assert.equal(webhookUrlProblem('http://127.0.0.1:3000/hook', 'any'), null);
  for (const bad of ['ftp://x.example/a', 'not a url', 'https://user:pw@x.example/', 'https://x.example/#frag', `https://x.example/${'a'.repeat(2048)}`]) {
    assert.ok(webhookUrlProblem(bad, 'any'), bad);
  }
  for (const inward of ['http://127.0.0.1/', 'http://LOCALHOST/', 'http://a.localhost/', 'http://[fe80::1]/', 'http://192.168.0.10:8080/']) {
    assert.ok(webhookUrlProblem(inward, 'public'), inward);
    assert.equal(webhookUrlProblem(inward, 'any'), null, inward);
  }
});

test('retryDelayMs: doubles from the base, capped, jittered within the upper half', () => {
  assert.equal(retryDelayMs(1, 30_000, 21_600_000, 0), 15_000);
  assert.equal(retryDelayMs(1, 30_000, 21_600_000, 1), 30_000);
  assert.equal(retryDelayMs(3, 30_000, 21_600_000, 1), 120_000);
  assert.equal(retryDelayMs(40, 30_000, 21_600_000, 1), 21_600_000);
  for (let attempt = 1; attempt < 30; attempt++) {
    const full = Math.min(21_600_000, 30_000 * 2 ** (attempt - 1));
    const delay = retryDelayMs(attempt, 30_000, 21_600_000, Math.random());
    assert.ok(delay >= full / 2 && delay <= full, `attempt ${attempt}: ${delay}`);
  }
  // The production defaults give about 20 attempts within the 3-day window.
  const settings = webhookSettings({});
  let elapsed = 0;
  let attempts = 1;
  while (elapsed < settings.retryWindowMs) elapsed += retryDelayMs(attempts++, settings.retryBaseMs, settings.retryMaxMs, 1);
  assert.ok(attempts >= 15 && attempts <= 25, `${attempts} attempts`);
});

test('secrets are sealed under the hash key and open only with it', () => {
  const sealed = sealSecret('hash-key-1', 'whsec_abc');
  assert.ok(!sealed.includes('whsec_abc'));
  assert.equal(openSecret('hash-key-1', sealed), 'whsec_abc');
  assert.equal(openSecret('hash-key-2', sealed), null);
  assert.equal(openSecret('hash-key-1', `${sealed.slice(0, -2)}AA`), null);
});

test('the documented snippet verifies what the server signs, and nothing else', async () => {
  const verify = await documentedVerifier();
  const body = '{"event_id":"evt_1","event_type":"order.paid"}';
  const now = 1_752_202_329;
  const header = signatureHeader('whsec_k', now, body);
  assert.equal(verify('whsec_k', header, body, 300, now), true);
  assert.equal(verify('whsec_k', header, body, 300, now + 300), true);
  assert.equal(verify('whsec_k', header, body, 300, now + 301), false);
  assert.equal(verify('whsec_k', header, body, 300, now - 301), false);
  assert.equal(verify('whsec_other', header, body, 300, now), false);
  assert.equal(verify('whsec_k', header.replace(/v1=./, 'v1=0'), body, 300, now), false);
  assert.equal(verify('whsec_k', undefined, body, 300, now), false);
  assert.equal(verify('whsec_k', `t=${now}`, body, 300, now), false);
});

test('webhook settings: defaults and refused values', () => {
  const defaults = webhookSettings({});
  assert.deepEqual(
    [defaults.deliver, defaults.targets, defaults.timeoutMs, defaults.retryWindowMs, defaults.disableAfterMs],
    [true, 'public', 10_000, 259_200_000, 259_200_000],
  );
  assert.equal(webhookSettings({ JUMUN_WEBHOOKS: 'off' }).deliver, false);
  assert.equal(webhookSettings({ JUMUN_WEBHOOK_TARGETS: 'any' }).targets, 'any');
  assert.throws(() => webhookSettings({ JUMUN_WEBHOOK_TARGETS: 'private' }), /JUMUN_WEBHOOK_TARGETS/);
  assert.throws(() => webhookSettings({ JUMUN_WEBHOOKS: 'maybe' }), /JUMUN_WEBHOOKS/);
  assert.throws(() => webhookSettings({ JUMUN_WEBHOOK_RETRY_BASE_MS: '-1' }), /JUMUN_WEBHOOK_RETRY_BASE_MS/);
});
