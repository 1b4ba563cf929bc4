import type { HeaderLanguage } from '../contract/constants.js';
import { orderCsvHeader, orderCsvRow, UTF8_BOM } from '../domain/order-csv.js';
import type { OrderFilter } from '../domain/order-query.js';
import { EXPORT_PAGE_SIZE, orderPagesForExport } from '../storage/order-export-repository.js';
import type { Storage } from '../storage/storage.js';

/**
 * The CSV of every matching order, one chunk per page of orders. The first chunk carries the
 * BOM, the header row and the first page, so an error reading the database surfaces before any
 * byte is sent; later pages are read only as the consumer pulls them.
 */
export async function* orderCsvChunks(
  storage: Storage,
  projectId: string,
  filter: OrderFilter,
  timeZone: string,
  pageSize = EXPORT_PAGE_SIZE,
  headerLanguage: HeaderLanguage = 'en',
): AsyncGenerator<Buffer> {
  let prefix = UTF8_BOM + orderCsvHeader(headerLanguage);
  for await (const orders of orderPagesForExport(storage, projectId, filter, pageSize)) {
    let text = prefix;
    for (const order of orders) text += orderCsvRow(order, timeZone);
    prefix = '';
    yield Buffer.from(text, 'utf8');
  }
  if (prefix) yield Buffer.from(prefix, 'utf8');
}
