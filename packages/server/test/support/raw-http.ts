import { connect, type Socket } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The parsed JSON body, or undefined when it is not JSON. */
  json: any;
}

/** Parses the first HTTP/1.1 response in `text` (a body of Content-Length bytes, or the rest). */
export function parseRawResponse(text: string): RawResponse {
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  const [statusLine, ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = end < 0 ? '' : text.slice(end + 4);
  const length = headers['content-length'];
  if (length !== undefined) body = Buffer.from(body).subarray(0, Number(length)).toString();
  let json: any;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  return { status: Number(statusLine?.split(' ')[1]), headers, body, json };
}

/**
 * Sends raw bytes (a request Node's own client would refuse to send) and reads until the server
 * closes the connection or `timeoutMs` passes.
 */
export function rawRequest(
  port: number,
  request: Buffer | string,
  { timeoutMs = 5_000, localAddress }: { timeoutMs?: number; localAddress?: string } = {},
): Promise<RawResponse & { closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket: Socket = connect({ port, host: '127.0.0.1', ...(localAddress ? { localAddress } : {}) });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ ...parseRawResponse(Buffer.concat(chunks).toString()), closedByServer: false });
    }, timeoutMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (error) => {
      clearTimeout(timer);
      if (chunks.length > 0) resolve({ ...parseRawResponse(Buffer.concat(chunks).toString()), closedByServer: true });
      else reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ ...parseRawResponse(Buffer.concat(chunks).toString()), closedByServer: true });
    });
    socket.write(request);
  });
}
