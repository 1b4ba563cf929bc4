/** `npm run generate`: writes the client's and the console's copies of the contract. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generatedFiles, REPOSITORY_ROOT } from './generated-files.js';

for (const [path, content] of Object.entries(generatedFiles())) {
  const file = join(REPOSITORY_ROOT, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  console.log(`wrote ${path}`);
}
