import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Action } from './order-writes.js';

/** The event each order change must send, written out by hand: the oracle of what must arrive (docs/webhooks.md). */
export const EVENT_OF: Record<Action | 'create', string> = {
  create: 'order.created',
  'payment.start': 'order.payment_started',
  'payment.complete': 'order.paid',
  'payment.fail': 'order.payment_failed',
  'cancel.request': 'order.cancellation_requested',
  'cancel.approve': 'order.cancellation_approved',
  'cancel.reject': 'order.cancellation_rejected',
  cancel: 'order.cancelled',
};

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  json: any;
  at: number;
  /** What the receiver answered. */
  answered: number;
}

/** What the receiver does with a request: the status to answer, after an optional delay. */
export type ReceiverBehaviour = (request: { body: string; json: any }) => { status: number; delayMs?: number; body?: string };

/** A real HTTP receiver on a loopback port: records every request and answers as `behaviour` says. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  /** Requests being answered right now (a slow receiver holds them). */
  open = 0;
  behaviour: ReceiverBehaviour = () => ({ status: 200, body: '{"success":true}' });
  private server: Server;
  private waiters: Array<() => void> = [];

  constructor() {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: any = null;
        try {
          json = JSON.parse(body);
        } catch {}
        const answer = this.behaviour({ body, json });
        this.open++;
        const reply = () => {
          this.open--;
          this.received.push({ headers: request.headers, body, json, at: Date.now(), answered: answer.status });
          response.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body ?? `answer ${answer.status}`);
          for (const wake of this.waiters.splice(0)) wake();
        };
        if (answer.delayMs) setTimeout(reply, answer.delayMs);
        else reply();
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  /** Requests answered 2xx. */
  get accepted(): ReceivedWebhook[] {
    return this.received.filter((r) => r.answered >= 200 && r.answered < 300);
  }

  /** Resolves once `done()` holds, checked after every request; fails after `timeoutMs`. */
  async until(done: () => boolean, timeoutMs = 15_000, what = 'the expected webhooks'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}: ${this.received.length} received`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

type Verifier = (secret: string, header: string | undefined, body: string, toleranceSeconds?: number, nowSeconds?: number) => boolean;

/**
 * The verification snippet of docs/webhooks.md, exactly as documented: the code block after the
 * `<!-- verify-snippet -->` marker, written to a module and imported.
 */
export async function documentedVerifier(): Promise<Verifier> {
  const docs = readFileSync(new URL('../../../../../docs/webhooks.md', import.meta.url), 'utf8');
  const match = /<!-- verify-snippet -->\s*```js\n([\s\S]*?)```/.exec(docs);
  if (!match) throw new Error('docs/webhooks.md has no verify-snippet block');
  const file = join(mkdtempSync(join(tmpdir(), 'jumun-verify-')), 'verify.mjs');
  writeFileSync(file, match[1]!);
  const module = (await import(pathToFileURL(file).href)) as { verifyJumunWebhook: Verifier };
  return module.verifyJumunWebhook;
}
