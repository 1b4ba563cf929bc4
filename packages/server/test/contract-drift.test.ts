import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { apiTypes, generatedFiles, REPOSITORY_ROOT } from '../src/contract/generated-files.js';

test('the client and console copies of the contract are what `npm run generate` writes', () => {
  const files = generatedFiles();
  assert.deepEqual(Object.keys(files).sort(), [
    'packages/client/src/generated/api-types.ts',
    'packages/client/src/generated/contract-constants.ts',
    'packages/server/console/src/generated/api-types.ts',
    'packages/server/console/src/generated/contract-constants.ts',
  ]);
  for (const [path, expected] of Object.entries(files)) {
    const actual = readFileSync(join(REPOSITORY_ROOT, path), 'utf8');
    assert.ok(actual === expected, `${path} differs from what the contract generates: run \`npm run generate\``);
  }
});

test('the generated types name every field of the schemas', () => {
  const types = apiTypes();
  // Spot checks that would break if the generator dropped nested, nullable or optional fields.
  for (const line of [
    'export interface OrderListItem {',
    '  status: OrderStatus;',
    '  purchased_at: string | null;',
    '  next_cursor?: string | null;',
    '  payment: OrderPayment | null;',
    '  from_status: OrderStatus | null;',
    '  status?: readonly OrderStatus[];',
    '  order_type?: readonly OrderType[];',
    '  payment_failed?: boolean;',
    '  created_before?: string;',
    '  cursor?: string;',
    '  products?: OrderProduct[] | null;',
    '  by_status: Record<string, Totals>;',
    '  code: 1100 | 1101 | 1102 | 1700 | 1703 | 1404 | 1408 | 3700 | 3720 | 1200 | 3701 | 1413 | 1414 | 1431 | 1900 | 9000 | 3702 | 3703 | 3704 | 3705 | 9503 | 1710 | 1711 | 1712 | 1713 | 1714 | 1715 | 1716 | 1717 | 1718 | 1719 | 4000 | 4001 | 4002 | 4003 | 4004 | 4005;',
  ]) {
    assert.ok(types.includes(`${line}\n`), `generated types lack ${JSON.stringify(line)}`);
  }
});
