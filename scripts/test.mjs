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

// Lint first: it takes a second and names the file and line of every finding (biome.jsonc).
const lint = spawnSync('npm', ['run', '--silent', 'lint'], { stdio: 'inherit', cwd: root });
if (lint.status !== 0) {
  console.error('Lint failed (npm run lint): fix the findings above, or change a rule in biome.jsonc with a reason.');
  process.exit(lint.status ?? 1);
}

const files = ['packages/server', 'packages/client']
  .flatMap((pkg) => testFiles(join(root, pkg, 'dist', 'test')))
  .sort();

if (process.env.TEST_DATABASE_URL) {
  console.log('Postgres run: on (TEST_DATABASE_URL is set); every API suite runs on SQLite and on Postgres.');
} else {
  console.log('Postgres run: SKIPPED (TEST_DATABASE_URL is not set); the API suites run on SQLite only.');
}

if (existsSync('/usr/bin/chromium')) {
  console.log('Browser run: on (/usr/bin/chromium); the console is tested in headless Chromium.');
} else {
  console.log('Browser run: SKIPPED (/usr/bin/chromium is absent; apt-get install -y chromium); only the console browser tests are skipped.');
}

const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(result.status ?? 1);
