#!/usr/bin/env node
// Runs every compiled test file with node's test runner; says which runs it skips and why.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.js') ? [path] : [];
  });
}

const files = ['packages/server', 'packages/client']
  .flatMap((pkg) => testFiles(join(root, pkg, 'dist', 'test')))
  .sort();

if (process.env.TEST_DATABASE_URL) {
  console.log('Postgres run: on (TEST_DATABASE_URL is set); every API suite runs on SQLite and on Postgres.');
} else {
  console.log('Postgres run: SKIPPED (TEST_DATABASE_URL is not set); the API suites run on SQLite only.');
}

const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(result.status ?? 1);
