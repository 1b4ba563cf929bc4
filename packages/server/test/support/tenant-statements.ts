import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tablesPlaced } from '../../src/storage/distribution.js';

/**
 * Checks SQL statements for what a database sharded by project needs: every statement that touches
 * a distributed table names the project (a `project_id` condition after each table it reads, in
 * the column list of each INSERT and COPY, in the ON of each join), or says it reads all projects
 * (`/* all projects: … *\/`, storage/distribution.ts allProjects). A textual check, not a parser:
 * it reads each subquery on its own and each UNION branch on its own.
 */

const DISTRIBUTED = new Set(tablesPlaced('distributed'));
const CROSS_PROJECT = /\/\*\s*all projects:[^*]*\*\//i;
const NOT_AN_ALIAS = new Set([
  'where', 'set', 'on', 'inner', 'left', 'right', 'full', 'cross', 'join', 'order', 'group', 'limit', 'offset', 'values',
  'select', 'returning', 'using', 'for', 'union', 'intersect', 'except', 'as', 'default', 'from', 'having', 'natural', 'with',
]);
/** Where a statement's conditions end: what follows names no filter. */
const CONDITIONS_END = /\b(group\s+by|order\s+by|limit|offset|returning|having|on\s+conflict)\b/;
/** Where the ON of a join ends. */
const CLAUSE_END = /\b(inner|left|right|full|cross|join|where|group|order|limit|offset|having|returning|for)\b/;

/** The text of each subquery scope: `(select …)` groups are cut out of their parent and read alone. */
function scopes(text: string): string[] {
  const done: string[] = [];
  const stack: Array<{ text: string; subquery: boolean }> = [{ text: '', subquery: true }];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '(') {
      const subquery = /^\(\s*(select|with|values)\b/.test(text.slice(i, i + 16));
      if (subquery) {
        stack.push({ text: '', subquery: true });
        stack[stack.length - 2]!.text += ' (subquery) ';
        continue;
      }
      stack.push({ text: '(', subquery: false });
      continue;
    }
    if (c === ')' && stack.length > 1) {
      const top = stack.pop()!;
      if (top.subquery) done.push(top.text);
      else stack[stack.length - 1]!.text += `${top.text})`;
      continue;
    }
    stack[stack.length - 1]!.text += c;
  }
  // An unbalanced statement: whatever is left open counts as its own scope.
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (top.subquery || stack.length === 0) done.push(top.text);
    else stack[stack.length - 1]!.text += top.text;
  }
  return done.flatMap((scope) => scope.split(/\b(?:union all|union|intersect|except)\b/));
}

/** Lower case, identifiers unquoted, string literals and comments blanked. */
function normalized(statement: string): string {
  return statement
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/--[^\n]*/g, ' ')
    .replace(/'(?:[^']|'')*'/g, "'?'")
    .replace(/"/g, '')
    .toLowerCase();
}

/** `qualifier.project_id` in `text`, or (`bare`) an unqualified `project_id`. */
function mentionsProject(text: string, qualifier: string, bare: boolean): boolean {
  return text.includes(`${qualifier}.project_id`) || (bare && /(?<![\w.])project_id\b/.test(text));
}

/** What is wrong with one statement; empty when it is fine. */
export function tenantProblems(statement: string): string[] {
  if (CROSS_PROJECT.test(statement)) return [];
  const problems: string[] = [];
  for (const scope of scopes(normalized(statement))) {
    const reference = /\b(from|join|update|into|copy)\s+([a-z_][a-z0-9_.]*)(?:\s+(?:as\s+)?([a-z_][a-z0-9_]*))?/g;
    for (let match = reference.exec(scope); match; match = reference.exec(scope)) {
      const [whole, kind, qualified, word] = match;
      const table = qualified!.split('.').pop()!;
      if (!DISTRIBUTED.has(table)) continue;
      if (kind === 'into' || kind === 'copy') {
        const columns = /^\w+\s+[a-z0-9_.]+\s*\(([^)]*)\)/.exec(scope.slice(match.index));
        if (!(columns?.[1] ?? '').split(',').some((column) => column.trim() === 'project_id')) {
          problems.push(`${kind} ${table} without project_id among its columns`);
        }
        continue;
      }
      const alias = word && !NOT_AN_ALIAS.has(word) ? word : null;
      // What follows the table (and its alias): its ON, SET and WHERE.
      const after = scope.slice(match.index + whole.length - (word && !alias ? word.length : 0));
      if (kind === 'join') {
        const on = after.replace(/^\s*on\b/, '');
        const end = CLAUSE_END.exec(on);
        if (!mentionsProject(end ? on.slice(0, end.index) : on, alias ?? table, false)) problems.push(`join of ${table} not on project_id`);
        continue;
      }
      const conditions = after.split(CONDITIONS_END)[0]!;
      if (!mentionsProject(conditions, alias ?? table, alias === null)) {
        problems.push(`${kind} ${table}${alias ? ` as ${alias}` : ''} without a project_id condition`);
      }
    }
  }
  return problems;
}

/** One statement the server ran, as `log_statement = 'all'` wrote it in the JSON log. */
export interface LoggedStatement {
  sql: string;
  /** The log line it came from, counted from 1 over all files in name order. */
  line: number;
}

/**
 * Every statement in the server's JSON logs (`log_destination = jsonlog`): simple queries
 * (`statement: …`) and extended-protocol executions (`execute <name>: …`), in order.
 */
export function loggedStatements(logDir: string): LoggedStatement[] {
  const statements: LoggedStatement[] = [];
  let line = 0;
  for (const file of readdirSync(logDir).filter((name) => name.endsWith('.json')).sort()) {
    for (const text of readFileSync(join(logDir, file), 'utf8').split('\n')) {
      if (text.trim() === '') continue;
      line++;
      const entry = JSON.parse(text) as { message?: string };
      const found = /^(?:statement|execute [^:]*): ([\s\S]*)$/.exec(entry.message ?? '');
      if (found) statements.push({ sql: found[1]!, line });
    }
  }
  return statements;
}
