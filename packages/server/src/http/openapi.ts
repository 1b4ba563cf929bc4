import { readFileSync } from 'node:fs';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { ERRORS } from '../contract/constants.js';
import type { Operation } from '../contract/operations.js';

// This file runs as dist/src/http/openapi.js.
const { version: VERSION } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

const errorTable = Object.entries(ERRORS)
  .map(([name, e]) => `| ${e.status} | ${e.code} | ${name} | ${e.message} |`)
  .join('\n');

const DESCRIPTION = `Bootpay Commerce의 주문 조회 API와 같은 응답을 주는 jumun 서버입니다.

모든 요청은 \`Authorization: Basic base64(client_key:secret_key)\` 또는 \`Authorization: Bearer <access_token>\`을 보냅니다.
시각은 \`YYYY-MM-DDTHH:MM:SSZ\` (UTC, 초) 또는 \`null\`입니다. 2xx가 아닌 모든 응답은 \`{status, code, message, data}\` 형식입니다.

| HTTP | code | 이름 | message |
|---|---|---|---|
${errorTable}`;

/**
 * swagger-ui inserts one fixed inline stylesheet at run time; the page allows exactly that one by
 * its hash (Chromium names the hash when it blocks it; test/docs.browser.test.ts fails if an
 * upgrade changes it), not inline styles in general.
 */
const SWAGGER_UI_INLINE_STYLE = 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w=';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Documented in the OpenAPI document only; read and checked by hand (see contract/operations.ts). */
    docs?: NonNullable<Operation['config']>['docs'];
  }
}

/**
 * `GET /openapi.json` (OpenAPI 3.1) built from the route schemas, and the reference page at
 * `/docs`, served from this package (no CDN) under its own Content-Security-Policy.
 * Register before the routes: the document collects them as they are added.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'jumun API', version: VERSION, description: DESCRIPTION },
      components: {
        securitySchemes: {
          basicAuth: { type: 'http', scheme: 'basic', description: 'client_key:secret_key (Bootpay SDK가 보내는 방식)' },
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'POST /v1/request/token으로 받은 30분짜리 토큰' },
          cookieAuth: { type: 'apiKey', in: 'cookie', name: 'jumun_session', description: '콘솔 로그인 세션 (POST /v1/console/session). 쓰기 요청은 X-CSRF-Token 헤더도 보냅니다' },
        },
      },
      security: [{ basicAuth: [] }, { bearerAuth: [] }, { cookieAuth: [] }],
      tags: [
        { name: '주문', description: 'Bootpay 호환 주문 조회' },
        { name: '주문 쓰기', description: '주문 생성과 상태 변경 (jumun 확장)' },
        { name: '구독', description: 'Bootpay 호환 구독 계약 조회 (읽기)' },
        { name: '운영', description: '운영 현황, 내보내기, 상태 확인' },
        { name: '인증', description: 'Access Token' },
        { name: '운영자', description: '콘솔 로그인, 운영자 계정, 감사 로그' },
      ],
    },
    hideUntagged: true,
    // Query strings and the Idempotency-Key header are documented, not validated by Fastify.
    transform: ({ schema, url, route }) => {
      const docs = (route.config as { docs?: object } | undefined)?.docs;
      return { schema: docs ? { ...schema, ...docs } : schema, url } as never;
    },
  });

  await app.register(swaggerUi, {
    routePrefix: '/docs',
    theme: { title: 'jumun API' },
    uiConfig: { docExpansion: 'list', deepLinking: true, validatorUrl: null },
    staticCSP: true,
    // Everything is served from here: no https: sources, no upgrade (plain http on localhost).
    transformStaticCSP: (header) =>
      header
        .replaceAll(' https:', '')
        .replace(' validator.swagger.io', '')
        .replace(' upgrade-insecure-requests;', '')
        .replace("style-src 'self'", `style-src 'self' '${SWAGGER_UI_INLINE_STYLE}'`),
  });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
