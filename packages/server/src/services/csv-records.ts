import type { Readable } from 'node:stream';
import { CsvError, parse, type Options } from 'csv-parse';
import { ApiError } from '../domain/errors.js';
import { csvRowToRecord, readCsvHeader } from '../domain/import-csv.js';
import type { SourceRecord } from './import-source.js';

/** A record may span lines inside quotes; past this size an open quote is taken as a mistake. */
const MAX_CSV_RECORD_CHARS = 1_000_000;

/** The file is not well-formed CSV at a place; nothing of it is imported. */
export class MalformedCsvError extends Error {
  constructor(readonly line: number, readonly column: number | null, columnName: string | undefined, reason: string) {
    const where = column === null ? '' : `, column ${column}${columnName ? ` (${columnName})` : ''}`;
    super(`malformed CSV at line ${line}${where}: ${reason}`);
  }
}

const REASONS: Record<string, string> = {
  CSV_INVALID_CLOSING_QUOTE: 'text follows a closing quote; quote the whole cell and double the quotes inside it ("a""b")',
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted cell (or after a space); quote the whole cell and double the quotes inside it',
  CSV_QUOTE_NOT_CLOSED: 'a quoted cell is never closed',
  CSV_MAX_RECORD_SIZE: `a record longer than ${MAX_CSV_RECORD_CHARS.toLocaleString('en-US')} characters (a quote left open?)`,
};

function malformed(error: CsvError, header: readonly string[] | null, lastRecordLine: number): MalformedCsvError {
  const reason = REASONS[error.code] ?? error.message;
  // An unclosed quote is noticed only where the file ends: name where its record began instead.
  if (error.code === 'CSV_QUOTE_NOT_CLOSED' || error.code === 'CSV_MAX_RECORD_SIZE') {
    return new MalformedCsvError(lastRecordLine + 1, null, undefined, `${reason} (the record starting after line ${lastRecordLine})`);
  }
  const index = typeof error.column === 'number' ? error.column : null;
  const name = index === null ? undefined : header?.[index];
  const line = typeof error.lines === 'number' ? error.lines : lastRecordLine + 1;
  return new MalformedCsvError(line, index === null ? null : index + 1, name, reason);
}

interface ParsedRecord {
  record: string[];
  /** `lines`: the line the record ends on. */
  info: { lines: number };
}

/** Line breaks inside a record's cells (only quoted cells hold any). */
function newlines(cells: readonly string[]): number {
  let count = 0;
  for (const cell of cells) {
    for (let at = cell.indexOf('\n'); at !== -1; at = cell.indexOf('\n', at + 1)) count++;
  }
  return count;
}

/**
 * The rows of a CSV text with LF line ends (normalizeLineEnds), the header row first, each with
 * the line it starts on; blank rows are skipped. Text that is not CSV throws MalformedCsvError.
 */
async function* csvRows(text: Readable): AsyncGenerator<{ line: number; cells: string[] }> {
  // The parser reads ahead of the loop below, so it notes the header row itself for error messages.
  let headerCells: string[] | null = null;
  let lastRecordLine = 0;
  const parser = text.pipe(
    parse({
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: MAX_CSV_RECORD_CHARS,
      // With `info`, each record arrives wrapped with its info (the typings say otherwise).
      on_record: ((entry: ParsedRecord) => {
        headerCells ??= entry.record.map((cell) => cell.trim());
        lastRecordLine = entry.info.lines;
        return entry;
      }) as unknown as Options['on_record'],
    }),
  );
  text.on('error', (error) => parser.destroy(error));
  try {
    for await (const { record, info } of parser as AsyncIterable<ParsedRecord>) {
      if (record.every((cell) => cell.trim() === '')) continue;
      yield { line: info.lines - newlines(record), cells: record };
    }
  } catch (error) {
    if (error instanceof CsvError) throw malformed(error, headerCells, lastRecordLine);
    throw error;
  }
}

/** Reads a whole CSV text only to find out whether it is CSV with a valid header; throws where not. */
export async function checkCsvText(text: Readable): Promise<void> {
  let first = true;
  for await (const { cells } of csvRows(text)) {
    if (first) readCsvHeader(cells);
    first = false;
  }
}

/**
 * The records of a CSV text with LF line ends (normalizeLineEnds): the first row is the
 * header; `line` is where a record starts. A row that does not fit the header is a bad record;
 * text that is not CSV at all throws MalformedCsvError.
 */
export async function* csvRecords(text: Readable): AsyncGenerator<SourceRecord> {
  let header: string[] | null = null;
  for await (const { line, cells } of csvRows(text)) {
    if (header === null) {
      header = readCsvHeader(cells);
      continue;
    }
    try {
      yield { line, record: csvRowToRecord(header, cells) };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      yield { line, error: error.message };
    }
  }
}
