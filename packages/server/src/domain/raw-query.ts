/**
 * Query parameters as they arrive, every name mapped to all its values. Array parameters come in
 * every common form and mean the same: `status=1,2`, `status=1&status=2`, `status[]=1&status[]=2`
 * and `status[0]=1&status[1]=2` all become `status: ['1', '2']` once split.
 */
export type RawQuery = Record<string, string[]>;

const BRACKETS = /^([^[\]]+)\[\d*\]$/;

export function parseQueryString(queryString: string): RawQuery {
  const query: RawQuery = Object.create(null);
  for (const [rawName, value] of new URLSearchParams(queryString)) {
    const name = BRACKETS.exec(rawName)?.[1] ?? rawName;
    const values = query[name] ?? [];
    values.push(value);
    query[name] = values;
  }
  return query;
}
