import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { VERSION } from '../src/index.js';

test('VERSION matches package.json', async () => {
  // Compiled to dist/test/, two levels below the package root.
  const packageJson = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.equal(VERSION, packageJson.version);
});
