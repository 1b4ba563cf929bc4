import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** Ajv for the OpenAPI document's schemas (JSON Schema 2020-12, as OpenAPI 3.1 uses). */
export function openApiAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
  return ajv;
}

type Json = Record<string, unknown>;

/** A copy of `schema` in which no object admits a property it does not declare. */
export function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    copy[key] = key === 'examples' || key === 'enum' || key === 'const' ? value : closed(value);
  }
  if (copy.properties && copy.additionalProperties === undefined && copy.patternProperties === undefined) {
    copy.additionalProperties = false;
  }
  return copy;
}

/** The JSON schema the document gives for one response, or undefined. */
export function responseSchema(document: Json, path: string, method: string, status: number): unknown {
  const paths = document.paths as Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
  // A fixed path (`/v1/orders/summary`) wins over a template (`/v1/orders/{order_id}`), as in routing.
  const template = paths[path]
    ? path
    : Object.keys(paths).find((candidate) => new RegExp(`^${candidate.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path));
  const operation = template ? paths[template]?.[method.toLowerCase()] : undefined;
  return operation?.responses[String(status)]?.content?.['application/json']?.schema;
}
