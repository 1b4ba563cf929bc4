/**
 * Writes TypeScript declarations for JSON schemas: the subset the contract uses (objects, arrays,
 * records, enums, consts, nullable `type` lists, unknown). A nested schema with a `title` becomes
 * a named type of its own; titles listed in `imported` come from another module.
 */
type Schema = Record<string, unknown> & {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  patternProperties?: Record<string, Schema>;
  enum?: unknown[];
  const?: unknown;
};

export interface EmitOptions {
  /** Types defined elsewhere (`import type { … } from`). */
  imported: { from: string; names: readonly string[] };
}

export interface Root {
  schema: object;
  /** Arrays as `readonly T[]`: parameters accept frozen arrays too. */
  readonlyArrays?: boolean;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function doc(text: string | undefined, indent: string): string {
  if (!text) return '';
  const lines = text.split('\n');
  if (lines.length === 1) return `${indent}/** ${text.replaceAll('*/', '*\\/')} */\n`;
  return `${indent}/**\n${lines.map((line) => `${indent} * ${line.replaceAll('*/', '*\\/')}`).join('\n')}\n${indent} */\n`;
}

export function emitTypes(roots: readonly Root[], options: EmitOptions): string {
  const declarations = new Map<string, string>();
  const used = new Set<string>();

  function literal(value: unknown): string {
    return JSON.stringify(value);
  }

  function objectType(schema: Schema, indent: string, readonlyArrays: boolean): string {
    const properties = schema.properties ?? {};
    const required = new Set(schema.required ?? []);
    const names = Object.keys(properties);
    const record = schema.additionalProperties ?? Object.values(schema.patternProperties ?? {})[0];
    if (names.length === 0 && record && typeof record === 'object') {
      return `Record<string, ${typeOf(record, indent, readonlyArrays)}>`;
    }
    if (names.length === 0) return 'Record<string, never>';
    const inner = `${indent}  `;
    const lines = names.map((name) => {
      const property = properties[name]!;
      const key = IDENTIFIER.test(name) ? name : JSON.stringify(name);
      const optional = required.has(name) ? '' : '?';
      return `${doc(property.description, inner)}${inner}${key}${optional}: ${typeOf(property, inner, readonlyArrays)};`;
    });
    return `{\n${lines.join('\n')}\n${indent}}`;
  }

  /** The type without null, for one `type` name. */
  function baseType(schema: Schema, type: string | undefined, indent: string, readonlyArrays: boolean): string {
    if (schema.enum) return schema.enum.filter((v) => v !== null).map(literal).join(' | ');
    if (schema.const !== undefined) return literal(schema.const);
    switch (type) {
      case 'string':
        return 'string';
      case 'integer':
      case 'number':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'null':
        return 'null';
      case 'array': {
        const items = typeOf(schema.items ?? {}, indent, readonlyArrays);
        const element = /^[A-Za-z0-9_$<>, ]+$/.test(items) ? items : `(${items})`;
        return readonlyArrays ? `readonly ${element}[]` : `${element}[]`;
      }
      case 'object':
        return objectType(schema, indent, readonlyArrays);
      default:
        return schema.properties ? objectType(schema, indent, readonlyArrays) : 'unknown';
    }
  }

  function named(schema: Schema, readonlyArrays: boolean): string {
    const name = schema.title!;
    used.add(name);
    if (options.imported.names.includes(name)) return name;
    const nonNull = nonNullTypes(schema);
    const body = nonNull.map((type) => baseType(schema, type, '', readonlyArrays)).join(' | ');
    const isInterface = nonNull.length === 1 && Object.keys(schema.properties ?? {}).length > 0;
    const declaration = isInterface
      ? `${doc(schema.description, '')}export interface ${name} ${body}\n`
      : `${doc(schema.description, '')}export type ${name} = ${body};\n`;
    const known = declarations.get(name);
    // One title, one type: two schemas with a title must agree on their shape (comments aside).
    if (known !== undefined && strip(known) !== strip(declaration)) {
      throw new Error(`two different schemas are titled ${name}:\n${known}\n${declaration}`);
    }
    if (known === undefined) declarations.set(name, declaration);
    return name;
  }

  function nonNullTypes(schema: Schema): (string | undefined)[] {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const nonNull = types.filter((type) => type !== 'null');
    return nonNull.length > 0 ? nonNull : [undefined];
  }

  function typeOf(schema: Schema, indent: string, readonlyArrays: boolean): string {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const nullable = types.includes('null') || (schema.enum?.includes(null) ?? false);
    const type = schema.title
      ? named(schema, readonlyArrays)
      : nonNullTypes(schema).map((t) => baseType(schema, t, indent, readonlyArrays)).join(' | ');
    return nullable ? `${type} | null` : type;
  }

  for (const root of roots) {
    const schema = root.schema as Schema;
    if (!schema.title) throw new Error('every root schema needs a title');
    named({ ...schema, type: nonNullTypes(schema).filter((t) => t !== undefined) as string[] }, root.readonlyArrays ?? false);
  }

  const imported = options.imported.names.filter((name) => used.has(name));
  const header = imported.length > 0 ? `import type { ${imported.join(', ')} } from '${options.imported.from}';\n\n` : '';
  return header + [...declarations.values()].join('\n');
}

const strip = (text: string) => text.replace(/\/\*\*[\s\S]*?\*\/\n/g, '').replace(/\s+/g, ' ');
