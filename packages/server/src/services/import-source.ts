import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ApiError } from '../domain/errors.js';
import { checkCsvText, csvRecords, MalformedCsvError } from './csv-records.js';
import { decodeText, normalizeLineEnds, NotUtf8Error, type TextEncoding } from './text-decoding.js';

export type ImportFormat = 'ndjson' | 'csv';

/** A record read from the file, or why its line could not be read; `line` is 1-based. */
export type SourceRecord = { line: number; record: unknown } | { line: number; error: string };

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
  /** What the text was read as: given, or (CSV) UTF-8 unless that failed, then CP949. */
  encoding: TextEncoding;
  /** Bytes of the file read so far (compressed bytes for .gz) and its size, for progress. */
  progress(): { read: number; total: number };
}

/** The file's bytes, gunzipped when it is gzip (by content, not name). */
async function openBytes(path: string): Promise<{ bytes: Readable; file: ReturnType<typeof createReadStream> }> {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const bytes: Readable = (await isGzip(path)) ? file.pipe(createGunzip()) : file;
  file.on('error', (error) => bytes.destroy(error));
  return { bytes, file };
}

async function csvText(path: string, encoding: TextEncoding) {
  const { bytes, file } = await openBytes(path);
  return { text: normalizeLineEnds(decodeText(bytes, encoding)), file };
}

/**
 * Reads a CSV file once to the end before anything is imported, so malformed CSV (or a bad
 * header) stops the import whole instead of halfway. Without an encoding given, a file that
 * is not UTF-8 is read as CP949. A file that cannot be read to its end (a cut gzip) is left
 * to the import, which keeps what comes before the break and says where it was.
 */
async function checkCsv(path: string, given: TextEncoding | undefined): Promise<TextEncoding> {
  const encoding = given ?? 'utf-8';
  try {
    await checkCsvText((await csvText(path, encoding)).text);
  } catch (error) {
    if (error instanceof NotUtf8Error && given === undefined) return checkCsv(path, 'cp949');
    if (error instanceof NotUtf8Error || error instanceof MalformedCsvError || error instanceof ApiError) throw error;
  }
  return encoding;
}

/** Streams a file's records, gunzipping when it is gzip; a CSV file is checked whole first. */
export async function openImportFile(path: string, format: ImportFormat, encoding?: TextEncoding): Promise<ImportFile> {
  const total = (await stat(path)).size;
  if (format === 'csv') {
    const checked = await checkCsv(path, encoding);
    const { text, file } = await csvText(path, checked);
    return { records: csvRecords(text), encoding: checked, progress: () => ({ read: file.bytesRead, total }) };
  }
  const { bytes, file } = await openBytes(path);
  // Without an encoding given, NDJSON is UTF-8 as JSON requires; a stray byte spoils only its line.
  const input = encoding === undefined ? bytes : decodeText(bytes, encoding);
  const lines = createInterface({ input, crlfDelay: Infinity });
  return {
    records: ndjsonRecords(lines),
    encoding: encoding ?? 'utf-8',
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
