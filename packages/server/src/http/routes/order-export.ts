import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ServiceConfig } from '../../config.js';
import { OPERATIONS } from '../../contract/operations.js';
import { formatLocalDateTime } from '../../domain/local-time.js';
import { parseHeaderLanguage } from '../../domain/order-csv.js';
import { parseOrderFilter } from '../../domain/order-query.js';
import type { RawQuery } from '../../domain/raw-query.js';
import { nowSeconds } from '../../domain/timestamps.js';
import { orderCsvChunks } from '../../services/order-export.js';
import type { Storage } from '../../storage/storage.js';
import { callerOf, heavyWork } from '../auth.js';

/** How much CSV may wait in the stream before the next page is read from the database. */
const STREAM_BUFFER_BYTES = 64 * 1024;

/** `first`, then the rest; stopping early (the client went away) stops the rest too. */
async function* prepend<T>(first: T, rest: AsyncGenerator<T>): AsyncGenerator<T> {
  try {
    yield first;
    yield* rest;
  } finally {
    await rest.return(undefined);
  }
}

/** `jumun-orders-20250711-115209.csv`, stamped with the service time zone's wall clock. */
function exportFileName(now: number, timeZone: string): string {
  return `jumun-orders-${formatLocalDateTime(now, timeZone).replaceAll('-', '').replaceAll(':', '').replace(' ', '-')}.csv`;
}

/** `GET /v1/orders/export`: every order matching the list's filters as CSV, streamed. */
export function orderExportRoutes(app: FastifyInstance, storage: Storage, config: ServiceConfig): void {
  app.get<{ Querystring: RawQuery }>('/v1/orders/export', { ...OPERATIONS.exportOrders, preHandler: heavyWork }, async (request, reply) => {
    const { projectId } = callerOf(request);
    const filter = parseOrderFilter(request.query, config.timeZone);
    const headerLanguage = parseHeaderLanguage(request.query);
    const chunks = orderCsvChunks(storage, projectId, filter, config.timeZone, undefined, headerLanguage);
    const first = await chunks.next();
    const stream = Readable.from(prepend(first.value!, chunks), {
      objectMode: false,
      highWaterMark: STREAM_BUFFER_BYTES,
    });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${exportFileName(nowSeconds(), config.timeZone)}"`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(stream);
  });
}
