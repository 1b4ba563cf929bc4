import { basename } from 'node:path';
import { nowSeconds } from '../domain/timestamps.js';
import { withIndexesDeferred } from '../storage/deferred-indexes.js';
import { findProjectByName } from '../storage/project-repository.js';
import type { Storage } from '../storage/storage.js';
import { formatOfPath, openImportFile, type ImportFormat } from './import-source.js';
import { importOrders, type ImportSummary } from './order-import.js';

export interface ImportFileRequest {
  path: string;
  projectName: string;
  /** Taken from the file name when not given. */
  format?: ImportFormat;
  timeZone: string;
  batchSize?: number;
  onBadRecord(line: number, reason: string): void;
  onProgress?(summary: ImportSummary, bytes: { read: number; total: number }): void;
}

export class ImportSetupError extends Error {}

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
    const file = await openImportFile(request.path, format);
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
