// Prints, as Markdown, the timing and EXPLAIN (ANALYZE, BUFFERS) plan of the count and the first
// page of every filter family of GET /v1/orders, exactly as the server builds them.
//
//   node packages/server/dist/bench/explain-postgres.js --db postgres://… [--project bench] [--runs 5]
import { parseArgs } from 'node:util';
import { CompiledQuery, type Compilable } from 'kysely';
import { DEFAULT_TIME_ZONE } from '../src/config.js';
import { parseOrderListQuery } from '../src/domain/order-query.js';
import { parseQueryString } from '../src/domain/raw-query.js';
import { orderCountQuery, orderPageQuery } from '../src/storage/order-repository.js';
import { findProjectByName } from '../src/storage/project-repository.js';
import { openStorage, type Storage } from '../src/storage/storage.js';

interface Family {
  label: string;
  query: string;
}

async function families(storage: Storage, projectId: string): Promise<Family[]> {
  const newest = await storage.db
    .selectFrom('orders')
    .select(['order_id', 'order_number', 'user_id', 'receipt_id', 'created_at'])
    .where('project_id', '=', projectId)
    .where('receipt_id', 'is not', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  const group = await storage.db.selectFrom('orders').select('user_group_id').where('project_id', '=', projectId)
    .where('user_group_id', 'is not', null).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  const subscriptions = await storage.db.selectFrom('orders').select('order_subscription_id').distinct()
    .where('project_id', '=', projectId).where('order_subscription_id', 'is not', null).limit(2).execute();
  const last = new Date((newest.created_at + 9 * 3600) * 1000);
  const month = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  const monthEnd = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth(), 0)).toISOString().slice(0, 10);
  const range = `css_at=${month}-01&cse_at=${monthEnd}`;
  const keyword = (k: string) => `keyword=${encodeURIComponent(k)}`;
  return [
    { label: 'no filter', query: '' },
    { label: `one month (${month})`, query: range },
    { label: 'one month + status=2', query: `${range}&status=2` },
    { label: 'payment_status=20', query: 'payment_status=20' },
    { label: 'user_id', query: `user_id=${newest.user_id}` },
    { label: 'user_group_id', query: `user_group_id=${group.user_group_id}` },
    { label: 'order_subscription_ids (2)', query: `order_subscription_ids=${subscriptions.map((s) => s.order_subscription_id).join(',')}` },
    { label: 'subscription_billing_type=2', query: 'subscription_billing_type=2' },
    { label: 'keyword = whole order_id', query: keyword(newest.order_id) },
    { label: 'keyword = order_id prefix (12 hex)', query: keyword(newest.order_id.slice(0, 12)) },
    { label: 'keyword = order_number prefix (12 digits)', query: keyword(newest.order_number.slice(0, 12)) },
    { label: 'keyword = receipt_id prefix (10 hex)', query: keyword(newest.receipt_id!.slice(0, 10)) },
    { label: 'keyword = name part, Korean 3 chars (텀블러)', query: keyword('텀블러') },
    { label: 'keyword = name part, Latin (coffee)', query: keyword('coffee') },
    { label: 'keyword = name part, rare (환불 없음: no match)', query: keyword('환불 없음') },
    { label: 'keyword = Korean 2 chars (구독)', query: keyword('구독') },
    { label: 'keyword = Korean 1 char (세)', query: keyword('세') },
    { label: 'keyword = Korean 2 chars + one month', query: `${keyword('구독')}&${range}` },
    { label: 'page=1000 (limit 20)', query: 'page=1000&limit=20' },
    { label: 'cs_type=p_at, no range', query: 'cs_type=p_at' },
    { label: `cs_type=p_at + one month`, query: `cs_type=p_at&${range}` },
  ];
}

async function medianMs(storage: Storage, query: Compilable<unknown>, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await storage.db.executeQuery(query.compile());
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function plan(storage: Storage, query: Compilable<unknown>): Promise<string> {
  const { sql, parameters } = query.compile();
  const { rows } = await storage.db.executeQuery<{ 'QUERY PLAN': string }>(
    CompiledQuery.raw(`explain (analyze, buffers) ${sql}`, [...parameters]),
  );
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

const { values } = parseArgs({ options: {
  db: { type: 'string' },
  project: { type: 'string', default: 'bench' },
  runs: { type: 'string', default: '5' },
} });
const url = values.db ?? process.env.DATABASE_URL;
if (!url?.startsWith('postgres')) throw new Error('--db postgres://… (or DATABASE_URL) is required');
const storage = openStorage(url);
try {
  const project = await findProjectByName(storage, values.project!);
  if (!project) throw new Error(`no project '${values.project}' in ${storage.description}`);
  const runs = Number(values.runs);
  const summary: string[] = ['| filter | query | count ms | page ms | rows |', '|---|---|---:|---:|---:|'];
  const details: string[] = [];
  for (const family of await families(storage, project.project_id)) {
    const parsed = parseOrderListQuery(parseQueryString(family.query), DEFAULT_TIME_ZONE);
    const count = orderCountQuery(storage, project.project_id, parsed);
    const page = orderPageQuery(storage, project.project_id, parsed, parsed);
    const total = Number((await count.executeTakeFirstOrThrow()).count);
    const [countMs, pageMs] = [await medianMs(storage, count, runs), await medianMs(storage, page, runs)];
    summary.push(`| ${family.label} | \`${family.query || '(none)'}\` | ${countMs.toFixed(1)} | ${pageMs.toFixed(1)} | ${total} |`);
    details.push(`### ${family.label}\n\n\`GET /v1/orders?${family.query}\`\n`);
    details.push(`Count:\n\n\`\`\`\n${await plan(storage, count)}\n\`\`\`\n`);
    details.push(`First page:\n\n\`\`\`\n${await plan(storage, page)}\n\`\`\`\n`);
  }
  console.log(`Median of ${runs} warm runs, ${storage.description}\n`);
  console.log(summary.join('\n'));
  console.log(`\n${details.join('\n')}`);
} finally {
  await storage.close();
}
