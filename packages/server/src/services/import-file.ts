import { basename } from 'node:path';
import { nowSeconds } from '../domain/timestamps.js';
import { withIndexesDeferred } from '../storage/deferred-indexes.js';
import { findProjectByName } from '../storage/project-repository.js';
import type { Storage } from '../storage/storage.js';
import { NotUtf8Error, type TextEncoding } from './text-decoding.js';
import { MalformedCsvError } from './csv-records.js';
import { formatOfPath, openImportFile, type ImportFile, type ImportFormat } from './import-source.js';
import { importOrders, type ImportSummary } from './order-import.js';

export interface ImportFileRequest {
  path: string;
  projectName: string;
  /** Taken from the file name when not given. */
  format?: ImportFormat;
  /** CSV: UTF-8 unless that fails, then CP949, when not given; NDJSON: UTF-8. */
  encoding?: TextEncoding;
  timeZone: string;
  batchSize?: number;
  onBadRecord(line: number, reason: string): void;
  onProgress?(summary: ImportSummary, bytes: { read: number; total: number }): void;
  /** Once the file is open: what its text is read as. */
  onEncoding?(encoding: TextEncoding): void;
}

export class ImportSetupError extends Error {}

async function openFile(path: string, format: ImportFormat, encoding: TextEncoding | undefined): Promise<ImportFile> {
  try {
    return await openImportFile(path, format, encoding);
  } catch (error) {
    if (error instanceof MalformedCsvError) throw new ImportSetupError(`${path}: ${error.message}; nothing was imported`);
    if (error instanceof NotUtf8Error) throw new ImportSetupError(`${path}: ${error.message}; for a Korean Excel file give --encoding cp949`);
    throw error;
  }
}

/** What `jumun import` does: streams a file into a project's orders. */
export async function importFile(storage: Storage, request: ImportFileRequest): Promise<ImportSummary> {
  const format = request.format ?? formatOfPath(request.path);
  if (!format) {
    throw new ImportSetupError(`cannot tell the format of '${request.path}' from its name: use --format csv or --format ndjson`);
  }
  const project = await findProjectByName(storage, request.projectName);
  if (!project) {
    throw new ImportSetupError(`no project named '${request.projectName}': create it with 'jumun keys create --project ${request.projectName}'`);
  }
  // Into an empty orders table the plain indexes are built once at the end. The file is opened
  // only then, right before its first line is read: a line stream left waiting would lose lines.
  return withIndexesDeferred(storage, async () => {
    const file = await openFile(request.path, format, request.encoding);
    request.onEncoding?.(file.encoding);
    return importOrders(storage, file.records, {
      projectId: project.project_id,
      timeZone: request.timeZone,
      now: nowSeconds(),
      source: basename(request.path),
      ...(request.batchSize === undefined ? {} : { batchSize: request.batchSize }),
      onBadRecord: request.onBadRecord,
      onProgress: (summary) => request.onProgress?.(summary, file.progress()),
    });
  });
}
