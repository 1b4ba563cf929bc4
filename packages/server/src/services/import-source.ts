import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { splitCsvRecord } from '../domain/csv.js';
import { ApiError } from '../domain/errors.js';
import { csvRowToRecord, readCsvHeader } from '../domain/import-csv.js';

export type ImportFormat = 'ndjson' | 'csv';

/** A record read from the file, or why its line could not be read; `line` is 1-based. */
export type SourceRecord = { line: number; record: unknown } | { line: number; error: string };

/** A CSV record may span lines inside quotes; past this size an open quote is taken as a mistake. */
const MAX_CSV_RECORD_CHARS = 1_000_000;

/** `orders.csv.gz` → csv; `.ndjson`, `.jsonl` and `.json` → ndjson; anything else → null. */
export function formatOfPath(path: string): ImportFormat | null {
  const name = path.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.csv')) return 'csv';
  if (/\.(ndjson|jsonl|json)$/.test(name)) return 'ndjson';
  return null;
}

async function isGzip(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await file.close();
  }
}

export interface ImportFile {
  records: AsyncGenerator<SourceRecord>;
  /** Bytes of the file read so far (compressed bytes for .gz) and its size, for progress. */
  progress(): { read: number; total: number };
}

/** Streams a file's records line by line, gunzipping when it is gzip (by content, not name). */
export async function openImportFile(path: string, format: ImportFormat): Promise<ImportFile> {
  const total = (await stat(path)).size;
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const text: Readable = (await isGzip(path)) ? file.pipe(createGunzip()) : file;
  file.on('error', (error) => text.destroy(error));
  const lines = createInterface({ input: text, crlfDelay: Infinity });
  return {
    records: format === 'csv' ? csvRecords(lines) : ndjsonRecords(lines),
    progress: () => ({ read: file.bytesRead, total }),
  };
}

async function* ndjsonRecords(lines: AsyncIterable<string>): AsyncGenerator<SourceRecord> {
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    try {
      yield { line, record: JSON.parse(text) };
    } catch (error) {
      yield { line, error: `JSON 형식이 아닙니다: ${(error as Error).message}` };
    }
  }
}

async function* csvRecords(lines: AsyncIterable<string>): AsyncGenerator<SourceRecord> {
  let header: string[] | null = null;
  let line = 0;
  let start = 0;
  let pending: string | null = null;
  for await (const text of lines) {
    line++;
    if (pending === null) {
      if (text.trim() === '') continue;
      start = line;
    }
    const record: string = pending === null ? text : `${pending}\n${text}`;
    const cells = splitCsvRecord(record);
    if (cells === null) {
      if (record.length <= MAX_CSV_RECORD_CHARS) {
        pending = record;
        continue;
      }
      pending = null;
      yield { line: start, error: `따옴표가 닫히지 않았습니다 (${MAX_CSV_RECORD_CHARS.toLocaleString('en-US')}자 넘게 열린 채입니다)` };
      continue;
    }
    pending = null;
    if (header === null) {
      header = readCsvHeader(cells);
      continue;
    }
    try {
      yield { line: start, record: csvRowToRecord(header, cells) };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      yield { line: start, error: error.message };
    }
  }
  if (pending !== null) yield { line: start, error: '파일이 끝날 때까지 따옴표가 닫히지 않았습니다' };
}
