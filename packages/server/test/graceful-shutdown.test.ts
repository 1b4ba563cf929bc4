import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { spawnServe, JUMUN_BIN } from './support/jumun-serve.js';
import { newOrderBody } from './support/order-writes.js';
import { parseRawResponse } from './support/raw-http.js';
import { createTestDatabase, TEST_DIALECTS } from './support/test-database.js';
import { basicAuth } from './support/test-server.js';

const run = promisify(execFile);
const GRACE_MS = 2_000;
const ENV = {
  ...process.env,
  LOG_LEVEL: 'silent',
  JUMUN_SHUTDOWN_GRACE_MS: String(GRACE_MS),
  // Long enough that only the shutdown's deadline can end the slow client below.
  JUMUN_HEADERS_TIMEOUT_MS: '60000',
  JUMUN_REQUEST_TIMEOUT_MS: '60000',
};

function open(port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = connect({ port, host: '127.0.0.1' }, () => resolve({ socket, received: () => text, closed }));
    const closed = new Promise<void>((done) => socket.on('close', () => done()));
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('error', reject);
  });
}

const until = async (check: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
  return check();
};

for (const dialect of TEST_DIALECTS) {
  describe(`shutting down on ${dialect}`, () => {
    it('finishes in-flight requests, answers newcomers 503 / 9503 with Retry-After, and exits within the grace period', async () => {
      const database = await createTestDatabase(dialect);
      const { stdout } = await run(process.execPath, [JUMUN_BIN, 'keys', 'create', '--project', 'p', '--db', database.url, '--json'], { env: ENV });
      const authorization = basicAuth(JSON.parse(stdout));
      const { child, port } = await spawnServe(database.url, ENV);
      try {
        const exited = new Promise<number>((resolve) => child.once('exit', () => resolve(Date.now())));
        // In flight: a create whose body is only half sent.
        const body = JSON.stringify(newOrderBody());
        const inFlight = await open(port);
        inFlight.socket.write(
          `POST /v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: ${authorization}\r\nContent-Type: application/json\r\n` +
            `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 20)}`,
        );
        // A slow client: headers that never end.
        const slow = await open(port);
        slow.socket.write('GET /v1/orders HTTP/1.1\r\nHost: x\r\n');
        await new Promise((resolve) => setTimeout(resolve, 200));

        const signalled = Date.now();
        child.kill('SIGTERM');
        await new Promise((resolve) => setTimeout(resolve, 300));
        // The rest of the body, and a newcomer pipelined behind it on the same connection.
        inFlight.socket.write(`${body.slice(20)}GET /v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: ${authorization}\r\n\r\n`);
        assert.ok(await until(() => (inFlight.received().match(/HTTP\/1\.1/g) ?? []).length >= 2, 3_000), inFlight.received());
        const text = inFlight.received();
        const second = text.indexOf('HTTP/1.1', 1);
        const created = parseRawResponse(text.slice(0, second));
        const newcomer = parseRawResponse(text.slice(second));
        assert.equal(created.status, 201, 'the in-flight create finished');
        assert.equal(created.json.order_name, newOrderBody().order_name);
        assert.equal(newcomer.status, 503, 'the newcomer is turned away');
        assert.deepEqual(Object.keys(newcomer.json).sort(), ['code', 'data', 'message', 'status']);
        assert.equal(newcomer.json.code, 9503);
        assert.ok(Number(newcomer.headers['retry-after']) >= 1);

        const exitAt = await exited;
        assert.ok(exitAt - signalled < GRACE_MS + 1_500, `exited ${exitAt - signalled} ms after SIGTERM despite the slow client`);
        assert.equal(child.exitCode, 0);
        await slow.closed;
      } finally {
        child.kill('SIGKILL');
        await database.drop();
      }
    });
  });
}
