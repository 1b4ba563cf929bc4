/** The script of a read worker thread (started by sqlite-readers.ts). */
import { parentPort } from 'node:worker_threads';
import { answer, type ReadRequest } from './sqlite-read-connection.js';

parentPort!.on('message', (request: ReadRequest) => parentPort!.postMessage(answer(request)));
