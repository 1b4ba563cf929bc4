import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceConfig } from '../config.js';
import { ApiError } from '../domain/errors.js';
import { consoleAsset, consolePage, type Asset } from './console-assets.js';

const SECURITY_HEADERS = {
  'content-security-policy': [
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
    "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function sendAsset(request: FastifyRequest, reply: FastifyReply, asset: Asset): FastifyReply {
  reply.headers({ ...SECURITY_HEADERS, 'cache-control': 'no-cache', etag: asset.etag });
  if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
  return reply.type(asset.contentType).send(asset.body);
}

const queryOf = (url: string) => (url.includes('?') ? url.slice(url.indexOf('?')) : '');

/** `/console`: the operators' web page, its assets, and `/` leading to it. No sign-in is needed to load it. */
export function consoleRoutes(app: FastifyInstance, config: ServiceConfig): void {
  let page: Promise<Asset | null> | null = null;

  app.get('/', async (_request, reply) => reply.redirect('/console'));
  app.get('/console/', async (request, reply) => reply.redirect(`/console${queryOf(request.url)}`));

  // The page routes by its path: the console, the operators page (admins), a set-password link.
  app.get('/console', servePage);
  app.get('/console/operators', servePage);
  app.get('/console/set-password', servePage);

  async function servePage(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    page ??= consolePage(config.timeZone);
    const asset = await page;
    if (!asset) {
      page = null;
      return reply.code(503).type('text/plain; charset=utf-8')
        .send('The console is not built yet: run `npm run build` (npm start and npm ci do it).');
    }
    return sendAsset(request, reply, asset);
  }

  app.get<{ Params: { '*': string } }>('/console/assets/*', async (request, reply) => {
    const asset = await consoleAsset(request.params['*']);
    if (!asset) throw new ApiError('ROUTE_NOT_FOUND', `콘솔 파일을 찾을 수 없습니다 (${request.params['*'].slice(0, 100)})`);
    return sendAsset(request, reply, asset);
  });
}
