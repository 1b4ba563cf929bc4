/**
 * A read worker that dies on the spot, like a crash in native code, when asked to run
 * `select 'crash'`, and answers every other read as the real one does.
 */
import { parentPort } from 'node:worker_threads';
import { answer, type ReadRequest } from '../../src/storage/sqlite-read-connection.js';

parentPort!.on('message', (request: ReadRequest) => {
  if (request.sql === "select 'crash'") process.exit(70);
  parentPort!.postMessage(answer(request));
});
