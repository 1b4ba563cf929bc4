/** The console's files: the page and stylesheet from packages/server/console, the scripts tsc built. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// This file runs as packages/server/dist/src/console/console-assets.js.
const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SOURCE_DIR = join(PACKAGE_ROOT, 'console');
const BUILD_DIR = join(PACKAGE_ROOT, 'dist', 'console');

/** `main.js`, `views/order-table.js`, `console.css`: one optional folder, no dots or slashes to climb. */
const ASSET_PATH = /^(?:[a-z-]+\/)?[a-z0-9-]+\.(?:js|js\.map|css)$/;

const CONTENT_TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  map: 'application/json; charset=utf-8',
};

export interface Asset {
  body: Buffer;
  contentType: string;
  etag: string;
}

function asset(body: Buffer, extension: string): Asset {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  return { body, contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream', etag };
}

const cache = new Map<string, Promise<Asset | null>>();

/** An asset by its path under /console/assets/, or null when there is no such file. Read once, then kept. */
export function consoleAsset(path: string): Promise<Asset | null> {
  if (!ASSET_PATH.test(path)) return Promise.resolve(null);
  let entry = cache.get(path);
  if (!entry) {
    const file = path.endsWith('.css') ? join(SOURCE_DIR, path) : join(BUILD_DIR, path);
    const extension = path.slice(path.lastIndexOf('.') + 1);
    // A missing file is not remembered: it may be built while the server runs.
    entry = readFile(file).then((body) => asset(body, extension), () => {
      cache.delete(path);
      return null;
    });
    cache.set(path, entry);
  }
  return entry;
}

const escapeAttribute = (text: string) =>
  text.replace(/[&"<>]/g, (c) => ({ '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;' })[c]!);

/** index.html with the service time zone filled in; null until the scripts are built. */
export async function consolePage(timeZone: string): Promise<Asset | null> {
  const [template, main] = await Promise.all([readFile(join(SOURCE_DIR, 'index.html'), 'utf8'), consoleAsset('main.js')]);
  if (!main) return null;
  const html = template.replace('{{TIME_ZONE}}', escapeAttribute(timeZone));
  return { ...asset(Buffer.from(html), 'html'), contentType: 'text/html; charset=utf-8' };
}
