import { once } from 'node:events';
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query exactly as received, e.g. `/v1/orders?status=1%2C2`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface LocalServer {
  origin: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export interface FailureScript {
  /** How many requests to fail before proxying. */
  times: number;
  /** Answer with this status and envelope, or drop the connection when `'drop'`. */
  answer: number | 'drop';
  headers?: Record<string, string>;
  /**
   * Fail only after the request reached the real server and it answered (the answer is thrown
   * away): the write happened, the client just never hears of it.
   */
  afterUpstream?: boolean;
}

/**
 * A proxy in front of the real server that records every request it receives and
 * fails the first few as scripted, to see retries and what goes over the wire.
 */
export function startProxy(upstreamOrigin: string, failure?: FailureScript): Promise<LocalServer> {
  let failuresLeft = failure?.times ?? 0;
  return listen(async (request, record, res) => {
    const failing = failure !== undefined && failuresLeft > 0;
    if (failing) failuresLeft--;
    if (failing && failure.afterUpstream) {
      await forward(upstreamOrigin, record).catch(() => undefined);
    }
    if (failing) {
      if (failure.answer === 'drop') {
        request.socket.destroy();
        return;
      }
      const status = failure.answer;
      res.writeHead(status, { 'content-type': 'application/json', ...failure.headers });
      res.end(JSON.stringify({ status, code: 9000 + status, message: `scripted ${status}`, data: null }));
      return;
    }
    const upstream = httpRequest(`${upstreamOrigin}${record.url}`, { method: record.method, headers: record.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    upstream.end(record.body);
  });
}

/** Sends a recorded request to the real server and waits for its whole answer. */
function forward(upstreamOrigin: string, record: RecordedRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const upstream = httpRequest(`${upstreamOrigin}${record.url}`, { method: record.method, headers: record.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => resolve({ status: answer.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      answer.on('error', reject);
    });
    upstream.on('error', reject);
    upstream.end(record.body);
  });
}

/** A server that accepts requests and never answers them. */
export function startSilentServer(): Promise<LocalServer> {
  return listen(() => {});
}

/** An origin nobody listens on (connections are refused). */
export async function unusedOrigin(): Promise<string> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return `http://127.0.0.1:${port}`;
}

type Handler = (request: IncomingMessage, record: RecordedRequest, res: ServerResponse) => void | Promise<void>;

async function listen(handler: Handler): Promise<LocalServer> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer(async (request, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const record: RecordedRequest = {
      method: request.method ?? 'GET',
      url: request.url ?? '/',
      headers: request.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    requests.push(record);
    await handler(request, record, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
