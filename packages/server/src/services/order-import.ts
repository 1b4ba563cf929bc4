import { ApiError } from '../domain/errors.js';
import { IMPORT_ACTOR } from '../domain/history-actor.js';
import { parseImportRecord, type ImportedOrder } from '../domain/import-record.js';
import { contractOf } from '../domain/order.js';
import { findContractIds, findOrdersByKeys, insertImportedOrders, type OrderKeys } from '../storage/import-repository.js';
import type { Storage } from '../storage/storage.js';
import { retryOnConflict } from '../storage/write-conflicts.js';
import type { SourceRecord } from './import-source.js';

export interface ImportOptions {
  projectId: string;
  timeZone: string;
  /** Unix seconds: the time of the import, recorded in each order's history. */
  now: number;
  /** Where the records come from (a file name); history entries say `<source>:<line>`. */
  source: string;
  batchSize?: number;
  onBadRecord(line: number, reason: string): void;
  /** After every batch. */
  onProgress?(summary: ImportSummary): void;
}

export interface ImportSummary {
  records: number;
  imported: number;
  /** Skipped because an order with the record's key is already stored (or came earlier in the file). */
  existing: number;
  bad: number;
}

interface Pending {
  line: number;
  imported: ImportedOrder;
}

type Verdict = { kind: 'new' } | { kind: 'existing' } | { kind: 'bad'; reason: string };

/**
 * Whether a record is new, already stored, or clashes with what is stored. A record matches a
 * stored order by the keys it gave; a key it did not give was derived and does not count.
 */
function classify(pending: Pending, byId: Map<string, OrderKeys>, byNumber: Map<string, OrderKeys>, projectId: string): Verdict {
  const { order, givenOrderId, givenOrderNumber } = pending.imported;
  const sameId = byId.get(order.order_id);
  const sameNumber = byNumber.get(order.order_number);
  if (sameId && sameId.project_id !== projectId) {
    return { kind: 'bad', reason: `order_id ${order.order_id}는 다른 프로젝트의 주문이 이미 쓰고 있습니다` };
  }
  if (!sameId && !sameNumber) return { kind: 'new' };
  if (sameId && sameNumber && sameId.order_id === sameNumber.order_id) return { kind: 'existing' };
  if (sameId && !sameNumber && !givenOrderNumber) return { kind: 'existing' };
  if (sameNumber && !sameId && !givenOrderId) return { kind: 'existing' };
  if (sameId) {
    return { kind: 'bad', reason: `order_id ${order.order_id}의 주문이 이미 있는데, 그 주문의 order_number는 ${sameId.order_number}입니다 (기록: ${order.order_number})` };
  }
  return { kind: 'bad', reason: `order_number ${order.order_number}는 이미 다른 주문(${sameNumber!.order_id})의 번호입니다` };
}

interface BatchResult {
  inserted: number;
  existing: number;
  bad: Array<{ line: number; reason: string }>;
}

async function planAndInsert(storage: Storage, batch: Pending[], options: ImportOptions): Promise<BatchResult> {
  const { projectId } = options;
  const stored = await findOrdersByKeys(
    storage,
    projectId,
    batch.map((p) => p.imported.order.order_id),
    batch.map((p) => p.imported.order.order_number),
  );
  const byId = new Map(stored.map((row) => [row.order_id, row]));
  const byNumber = new Map(stored.filter((row) => row.project_id === projectId).map((row) => [row.order_number, row]));

  const result: BatchResult = { inserted: 0, existing: 0, bad: [] };
  const fresh: Pending[] = [];
  for (const pending of batch) {
    const verdict = classify(pending, byId, byNumber, projectId);
    if (verdict.kind === 'existing') result.existing++;
    else if (verdict.kind === 'bad') result.bad.push({ line: pending.line, reason: verdict.reason });
    else {
      fresh.push(pending);
      // A later record of this batch with the same key is then a repeat of this one.
      const keys = { order_id: pending.imported.order.order_id, order_number: pending.imported.order.order_number, project_id: projectId };
      byId.set(keys.order_id, keys);
      byNumber.set(keys.order_number, keys);
    }
  }

  const contracts = new Map(fresh.flatMap(({ imported }) => {
    const contract = contractOf(imported.order);
    return contract ? [[contract.order_subscription_id, contract] as const] : [];
  }));
  const known = await findContractIds(storage, projectId, [...contracts.keys()]);
  const orders = fresh.map(({ line, imported }) => ({
    order: imported.order,
    entry: {
      at: options.now,
      action: 'import' as const,
      from_status: null,
      to_status: imported.order.status,
      from_receipt_status: null,
      to_receipt_status: imported.order.receipt_status,
      ...IMPORT_ACTOR,
      reason: `${options.source}:${line}`,
      cancellation_request_id: null,
    },
  }));
  const newContracts = [...contracts.values()].filter((c) => !known.has(c.order_subscription_id));
  await insertImportedOrders(storage, projectId, orders, newContracts);
  result.inserted = fresh.length;
  return result;
}

/** Another writer (the API, a second import) can store one of the batch's keys between check and insert, or hold the database. */
const BATCH_ATTEMPTS = 3;

async function flush(storage: Storage, batch: Pending[], options: ImportOptions, summary: ImportSummary): Promise<void> {
  if (batch.length === 0) return;
  const result = await retryOnConflict(BATCH_ATTEMPTS, () => planAndInsert(storage, batch, options));
  summary.imported += result.inserted;
  summary.existing += result.existing;
  summary.bad += result.bad.length;
  for (const { line, reason } of result.bad) options.onBadRecord(line, reason);
}

/** The file could not be read to its end; every good record before the failure was imported. */
export class ImportInterruptedError extends Error {
  constructor(cause: unknown, readonly summary: ImportSummary, readonly lastLine: number) {
    super(`reading stopped after line ${lastLine}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/**
 * Imports records in batches, each batch one transaction. Bad records are reported and skipped;
 * records already stored are skipped, so importing the same records again adds nothing. The next
 * batch is read and checked while the database stores the current one; batches are still stored
 * one after the other, each judged against everything stored before it.
 */
export async function importOrders(storage: Storage, records: AsyncIterable<SourceRecord>, options: ImportOptions): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? 2_000;
  const summary: ImportSummary = { records: 0, imported: 0, existing: 0, bad: 0 };
  const context = { projectId: options.projectId, timeZone: options.timeZone, now: options.now };
  let storing: Promise<void> = Promise.resolve();
  const store = async (full: Pending[]) => {
    await storing;
    storing = flush(storage, full, options, summary).then(() => options.onProgress?.(summary));
    // Awaited before the next batch and at the end; until then a failure must not go unhandled.
    storing.catch(() => {});
  };
  let batch: Pending[] = [];
  let lastLine = 0;
  const iterator = records[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<SourceRecord>;
    try {
      next = await iterator.next();
    } catch (error) {
      if (error instanceof ApiError) throw error;
      // A truncated or corrupt file: keep what was read before it broke, and say where it broke.
      await store(batch);
      await storing;
      throw new ImportInterruptedError(error, summary, lastLine);
    }
    if (next.done) break;
    const source = next.value;
    lastLine = source.line;
    summary.records++;
    if ('error' in source) {
      summary.bad++;
      options.onBadRecord(source.line, source.error);
      continue;
    }
    try {
      batch.push({ line: source.line, imported: parseImportRecord(source.record, context) });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      summary.bad++;
      options.onBadRecord(source.line, error.message);
    }
    if (batch.length >= batchSize) {
      await store(batch);
      batch = [];
    }
  }
  await store(batch);
  await storing;
  return summary;
}
