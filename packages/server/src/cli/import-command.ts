import { serviceConfig } from '../config.js';
import { ApiError } from '../domain/errors.js';
import { importFile, ImportSetupError } from '../services/import-file.js';
import type { ImportFormat } from '../services/import-source.js';
import { ImportInterruptedError, type ImportSummary } from '../services/order-import.js';
import type { TextEncoding } from '../services/text-decoding.js';
import { databaseUrl, integerOption, parseOptions, UsageError } from './options.js';
import { withStorage } from './with-storage.js';

const USAGE = 'usage: jumun import --project NAME [--db URL] [--format csv|ndjson] [--encoding utf-8|cp949] [--batch N] [--time-zone TZ] FILE';
const number = (n: number) => n.toLocaleString('en-US');

/** A one-line progress bar on stderr, redrawn at most every 200 ms. */
function progressBar(enabled: boolean, started: number) {
  let drawn = 0;
  let visible = false;
  return {
    draw(summary: ImportSummary, bytes: { read: number; total: number }) {
      if (!enabled || Date.now() - drawn < 200) return;
      drawn = Date.now();
      const share = bytes.total > 0 ? Math.min(1, bytes.read / bytes.total) : 0;
      const bar = '#'.repeat(Math.round(share * 30)).padEnd(30, '.');
      const rate = summary.records / Math.max(0.001, (Date.now() - started) / 1000);
      process.stderr.write(
        `\r\x1b[K[${bar}] ${(share * 100).toFixed(0).padStart(3)}%  ${number(summary.records)} records, ` +
          `${number(summary.imported)} new, ${number(summary.existing)} existing, ${number(summary.bad)} bad, ${number(Math.round(rate))}/s`,
      );
      visible = true;
    },
    clear() {
      if (visible) process.stderr.write('\r\x1b[K');
      visible = false;
      drawn = 0;
    },
  };
}

/** `--encoding`: UTF-8 or CP949 (EUC-KR is read as CP949, its superset); absent means detect. */
function encodingOption(value: string | undefined): TextEncoding | undefined {
  if (value === undefined) return undefined;
  const name = value.toLowerCase().replace(/[-_]/g, '');
  if (name === 'utf8') return 'utf-8';
  if (name === 'cp949' || name === 'euckr' || name === 'uhc' || name === 'ms949') return 'cp949';
  throw new UsageError(`--encoding must be utf-8 or cp949 (euc-kr), got '${value}'`);
}

/** `jumun import --project NAME [--db URL] FILE`: NDJSON or CSV (gzip too); exit 1 when any line was bad. */
export async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions({ args, allowPositionals: true, options: {
    project: { type: 'string' },
    db: { type: 'string' },
    format: { type: 'string' },
    encoding: { type: 'string' },
    batch: { type: 'string' },
    'time-zone': { type: 'string' },
  } });
  if (!values.project) throw new UsageError(`--project NAME is required\n${USAGE}`);
  if (positionals.length !== 1) throw new UsageError(`give exactly one FILE\n${USAGE}`);
  if (values.format !== undefined && values.format !== 'csv' && values.format !== 'ndjson') {
    throw new UsageError(`--format must be csv or ndjson, got '${values.format}'`);
  }
  const encoding = encodingOption(values.encoding);
  const path = positionals[0]!;
  const batchSize = integerOption('batch', values.batch, 2_000, 1);
  const { timeZone } = serviceConfig({ timeZone: values['time-zone'] });
  const started = Date.now();
  const progress = progressBar(process.stderr.isTTY === true, started);

  const summary = await withStorage(databaseUrl(values.db), (storage) =>
    importFile(storage, {
      path,
      projectName: values.project!,
      ...(values.format ? { format: values.format as ImportFormat } : {}),
      ...(encoding ? { encoding } : {}),
      timeZone,
      batchSize,
      onBadRecord: (line, reason) => {
        progress.clear();
        process.stderr.write(`${path}:${line}: ${reason}\n`);
      },
      onProgress: (current, bytes) => progress.draw(current, bytes),
      onEncoding: (used) => {
        if (!encoding && used !== 'utf-8') process.stderr.write(`${path}: not UTF-8, read as ${used.toUpperCase()}\n`);
      },
    }).catch((error: unknown) => {
      // A bad header or an unreadable file stops the import; it is the caller's to fix.
      if (error instanceof ImportSetupError) throw new UsageError(error.message);
      if (error instanceof ImportInterruptedError) {
        progress.clear();
        const done = error.summary;
        throw new Error(
          `${path}: ${error.message}. Before that: ${number(done.records)} records, ${number(done.imported)} imported, ` +
            `${number(done.existing)} already present, ${number(done.bad)} bad; once the file is whole, run the import again to add the rest.`,
        );
      }
      if (error instanceof ApiError) throw new UsageError(`${path}: ${error.message}`);
      throw error;
    }),
  );
  progress.clear();
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `imported ${number(summary.imported)} orders into '${values.project}' from ${path}: ${number(summary.records)} records, ` +
      `${number(summary.imported)} new, ${number(summary.existing)} already present, ${number(summary.bad)} bad; ` +
      `${seconds.toFixed(1)} s, ${number(Math.round(summary.imported / Math.max(seconds, 0.001)))} orders/s`,
  );
  return summary.bad > 0 ? 1 : 0;
}
