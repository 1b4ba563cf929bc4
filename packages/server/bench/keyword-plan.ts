/** `node packages/server/dist/bench/keyword-plan.js URL PROJECT KEYWORD`: the plans of a keyword's count and page. */
import { findProjectByName } from '../src/storage/project-repository.js';
import { openStorage } from '../src/storage/storage.js';
import { explainQuery } from './explain.js';

const [url, projectName, keyword] = process.argv.slice(2);
const storage = openStorage(url!);
const project = await findProjectByName(storage, projectName!);
if (!project) throw new Error(`no project ${projectName}`);
for (const plan of await explainQuery(storage, project.project_id, new URLSearchParams({ keyword: keyword! }).toString(), 'Asia/Seoul')) {
  console.log(`-- ${plan.kind}: ${plan.sql}\n${plan.plan.join('\n')}`);
}
await storage.close();
