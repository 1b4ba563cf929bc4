import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { isPublicAddress, type WebhookTargetPolicy } from '../domain/webhook-targets.js';

export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  policy: WebhookTargetPolicy;
  signal: AbortSignal;
}

export interface WebhookResponse {
  /** null when no response came (refused address, connection error, timeout). */
  status: number | null;
  error: string | null;
  /** The first bytes of the response body, as text. */
  excerpt: string | null;
}

const EXCERPT_BYTES = 512;

/**
 * A DNS lookup that refuses non-public addresses under the `public` policy. It runs when the
 * connection is made, so the address checked is the address connected to: a host name cannot pass
 * the check and then resolve inward.
 */
function checkedLookup(policy: WebhookTargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = policy === 'public' ? addresses.find((a) => !isPublicAddress(a.address)) : undefined;
      if (refused) {
        return callback(Object.assign(new Error(`refused address ${refused.address}: not public (JUMUN_WEBHOOK_TARGETS=public)`), { code: 'EADDRREFUSED' }), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/**
 * One POST of a delivery with node:http: the whole exchange (connect, send, response head and
 * excerpt) within `timeoutMs`. Never throws: every failure is an outcome to record.
 */
export function postWebhook(request: WebhookRequest): Promise<WebhookResponse> {
  return new Promise((resolve) => {
    const url = new URL(request.url);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (request.policy === 'public' && isIP(host) !== 0 && !isPublicAddress(host)) {
      resolve({ status: null, error: `refused address ${host}: not public (JUMUN_WEBHOOK_TARGETS=public)`, excerpt: null });
      return;
    }
    let settled = false;
    const finish = (response: WebhookResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(response);
    };
    const client = url.protocol === 'https:' ? https : http;
    const outgoing = client.request(
      url,
      {
        method: 'POST',
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        lookup: checkedLookup(request.policy),
        signal: request.signal,
        // A fresh connection per attempt: no pooled socket outlives the process's interest in it.
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          const excerpt = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8');
          finish({ status: response.statusCode ?? null, error: null, excerpt });
          response.destroy();
        };
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= EXCERPT_BYTES) done();
        });
        response.on('end', done);
        response.on('error', done);
      },
    );
    const timer = setTimeout(() => {
      finish({ status: null, error: `timed out after ${request.timeoutMs} ms`, excerpt: null });
      outgoing.destroy();
    }, request.timeoutMs);
    outgoing.on('error', (error: NodeJS.ErrnoException) => finish({ status: null, error: error.message || error.code || 'request failed', excerpt: null }));
    outgoing.end(request.body);
  });
}
