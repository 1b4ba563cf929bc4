import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { BootpayCommerce, BootpayCommerceNotFoundError } from '../src/index.js';
import { startJumunServer } from './helpers/jumun-server.js';
import type { JumunServer } from './helpers/jumun-server.js';

/** Bodies and signature headers a real receiver on a loopback port got. */
const received: Array<{ body: string; signature: string }> = [];
const receiver = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk: Buffer) => (body += chunk.toString()));
  request.on('end', () => {
    received.push({ body, signature: String(request.headers['jumun-signature']) });
    response.writeHead(200).end('ok');
  });
});

let server: JumunServer;
before(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  // The spawned server inherits these: loopback receivers allowed, deliveries looked for often.
  process.env.JUMUN_WEBHOOK_TARGETS = 'any';
  process.env.JUMUN_WEBHOOK_POLL_MS = '50';
  server = await startJumunServer({ orders: 5 });
});
after(async () => {
  await server?.stop();
  receiver.close();
});

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('commerce.webhook: create, list, sendTest (signed), deliveries, redeliver, rotateSecret, disable, enable', async () => {
  const commerce = new BootpayCommerce({ client_key: server.clientKey, secret_key: server.secretKey, base_url: server.baseUrl });
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const made = await commerce.webhook.create({ url, events: ['order.paid'] });
  assert.match(made.secret, /^whsec_/);
  const { list } = await commerce.webhook.list();
  assert.deepEqual(list.map((e) => [e.webhook_id, e.url, e.events]), [[made.webhook_id, url, ['order.paid']]]);
  assert.ok(!JSON.stringify(list).includes(made.secret));

  const sent = await commerce.webhook.sendTest({ header_content_type: 1 });
  assert.equal(sent.deliveries[0]?.webhook_id, made.webhook_id);
  const [first] = (await until(() => commerce.webhook.deliveries(made.webhook_id), (d) => d.list[0]?.status === 'delivered')).list;
  assert.deepEqual([first?.event_id, first?.event_type, first?.status, first?.attempt_log[0]?.http_status], [sent.event_id, 'webhook.test', 'delivered', 200]);
  const hit = received.find((r) => JSON.parse(r.body).event_id === sent.event_id)!;
  const t = /t=(\d+)/.exec(hit.signature)![1];
  assert.equal(hit.signature, `t=${t},v1=${createHmac('sha256', made.secret).update(`${t}.${hit.body}`).digest('hex')}`);

  assert.equal((await commerce.webhook.redeliver(first!.delivery_id)).status, 'pending');
  const again = await until(() => commerce.webhook.deliveries(made.webhook_id, { limit: 5 }), (d) => d.list[0]?.attempts === 2 && d.list[0].status === 'delivered');
  assert.equal(again.list[0]?.attempts, 2);

  const rotated = await commerce.webhook.rotateSecret(made.webhook_id);
  assert.notEqual(rotated.secret, made.secret);
  assert.equal((await commerce.webhook.disable(made.webhook_id)).status, 'disabled');
  assert.equal((await commerce.webhook.enable(made.webhook_id)).status, 'active');
  await assert.rejects(commerce.webhook.disable('wh_missing'), BootpayCommerceNotFoundError);
});
