import { serviceConfig } from '../config.js';
import { parseTimestamp, nowSeconds } from '../domain/timestamps.js';
import { DemoDataExistsError, loadDemoData } from '../services/demo-data.js';
import { databaseUrl, integerOption, parseOptions, UsageError } from './options.js';
import { withStorage } from './with-storage.js';

/** `jumun demo-data --project NAME --orders N [--seed S] [--now ISO] [--db URL]` */
export async function demoDataCommand(args: string[]): Promise<void> {
  const { values } = parseOptions({ args, allowPositionals: true, options: {
    project: { type: 'string' },
    orders: { type: 'string' },
    seed: { type: 'string' },
    now: { type: 'string' },
    db: { type: 'string' },
    'time-zone': { type: 'string' },
  } });
  if (!values.project) throw new UsageError('--project NAME is required');
  const orders = integerOption('orders', values.orders, 100_000, 1);
  const seed = integerOption('seed', values.seed, 1);
  const now = values.now === undefined ? nowSeconds() : parseTimestamp(values.now);
  if (now === null) throw new UsageError(`--now must be an ISO time such as 2025-07-11T02:52:09Z, got '${values.now}'`);
  const { timeZone } = serviceConfig({ timeZone: values['time-zone'] });
  const project = values.project;
  const started = Date.now();
  const inserted = await withStorage(databaseUrl(values.db), (storage) =>
    loadDemoData(storage, { projectName: project, orders, seed, now, timeZone }).catch((error: unknown) => {
      if (error instanceof DemoDataExistsError) throw new UsageError(`${error.message}: use another --seed`);
      throw error;
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  console.log(`loaded ${inserted} demo orders into '${project}' in ${seconds.toFixed(1)} s (${Math.round(inserted / seconds)} orders/s)`);
}
