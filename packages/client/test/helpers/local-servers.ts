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
}

/**
 * A proxy in front of the real server that records every request it receives and
 * fails the first few as scripted, to see retries and what goes over the wire.
 */
export function startProxy(upstreamOrigin: string, failure?: FailureScript): Promise<LocalServer> {
  let failuresLeft = failure?.times ?? 0;
  return listen(async (request, record, res) => {
    if (failure && failuresLeft > 0) {
      failuresLeft--;
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
