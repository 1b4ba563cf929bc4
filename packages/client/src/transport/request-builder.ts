export type QueryScalar = string | number | boolean;
export type QueryValue = QueryScalar | readonly QueryScalar[] | null | undefined;
export type QueryParams = Readonly<Record<string, QueryValue>>;

/**
 * Encodes query parameters the way Bootpay's SDK does: arrays comma-joined
 * (`status=1%2C2`), empty arrays and `null`/`undefined` left out.
 */
export function buildQueryString(params: QueryParams = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (isArray(value)) {
      if (value.length > 0) search.append(name, value.map(String).join(','));
      continue;
    }
    search.append(name, String(value));
  }
  return search.toString();
}

/** Joins the base URL and a path such as `orders/abc`, then appends the query string. */
export function buildUrl(baseUrl: string, path: string, query?: QueryParams): string {
  const url = `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  const queryString = buildQueryString(query);
  return queryString ? `${url}?${queryString}` : url;
}

/** A JSON body for writes; `undefined` when there is nothing to send. */
export function buildJsonBody(body: unknown): string | undefined {
  return body === undefined ? undefined : JSON.stringify(body);
}

// Array.isArray does not narrow readonly arrays.
function isArray(value: unknown): value is readonly QueryScalar[] {
  return Array.isArray(value);
}
