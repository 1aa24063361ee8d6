/**
 * A tool's JSON Schema in each API's dialect. The agent hands every adapter the same draft
 * 2020-12 schema (zod's output for custom tools, hand-written for the file tools); an adapter
 * passes it through its dialect here. For the five file tools every dialect is the identity, so
 * their requests (and recordings) do not change.
 */

type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const SCHEMA_MAPS = ['properties', '$defs', 'definitions'] as const;
const SCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;
const SCHEMA_VALUES = ['items', 'additionalProperties', 'not'] as const;

/** `schema` with `rewrite` applied to it and, first, to every subschema (depth first). */
function rewriteSchema(schema: Schema, rewrite: (node: Schema) => Schema): Schema {
  const node: Schema = { ...schema };
  for (const key of SCHEMA_MAPS) {
    const map = node[key];
    if (isSchema(map)) {
      node[key] = Object.fromEntries(
        Object.entries(map).map(([name, child]) => [
          name,
          isSchema(child) ? rewriteSchema(child, rewrite) : child,
        ]),
      );
    }
  }
  for (const key of SCHEMA_LISTS) {
    const list = node[key];
    if (Array.isArray(list)) {
      node[key] = list.map((child) => (isSchema(child) ? rewriteSchema(child, rewrite) : child));
    }
  }
  for (const key of SCHEMA_VALUES) {
    const child = node[key];
    if (isSchema(child)) node[key] = rewriteSchema(child, rewrite);
  }
  return rewrite(node);
}

const typeIs = (node: Schema, type: string) =>
  node.type === type || (Array.isArray(node.type) && node.type.includes(type));

/**
 * OpenAI functions (Responses and Chat Completions), sent with `strict: false`. Even non-strict,
 * the API checks the schema and rejects an object schema without `properties` ("object schema
 * missing properties") and an array schema without `items` ("array schema missing items"); zod
 * writes tuples as `prefixItems` with `items: false`. Both are filled in with what they already
 * meant: no named properties; items of the tuple's element types (the tuple's own length
 * bounds, minItems/maxItems, stay).
 */
export function openAIParameters(schema: Schema): Schema {
  return rewriteSchema(schema, (node) => {
    const fixed = { ...node };
    if (typeIs(fixed, 'object') && !isSchema(fixed.properties)) fixed.properties = {};
    const tuple = Array.isArray(fixed.prefixItems) ? fixed.prefixItems : [];
    // zod writes a tuple as prefixItems with `items: false` (nothing after them).
    if (typeIs(fixed, 'array') && !isSchema(fixed.items)) {
      fixed.items = tuple.length === 0 ? {} : tuple.length === 1 ? tuple[0] : { anyOf: tuple };
    }
    return fixed;
  });
}

/**
 * Ollama's nested function shape takes the schema into a narrow Go struct (type, description,
 * enum, items, properties, anyOf, required at the top): every other keyword is dropped without a
 * word. A `const` (a zod literal) would so lose its one allowed value; it goes as a one-value
 * `enum`, which Ollama keeps and renders into the model's prompt.
 */
export function ollamaParameters(schema: Schema): Schema {
  return rewriteSchema(schema, (node) => {
    if (!('const' in node) || 'enum' in node) return node;
    const { const: value, ...rest } = node;
    return { ...rest, enum: [value] };
  });
}
