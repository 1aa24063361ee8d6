/**
 * How the real APIs check a tool's JSON Schema, for the fakes. OpenAI and Anthropic validate a
 * function's parameters against the JSON Schema meta-schema (Anthropic: draft 2020-12, whatever
 * `$schema` says — the AI SDK declares draft-07 on every tool, and Claude takes it; what 2020-12
 * no longer allows, such as draft-07's array form of `items`, is refused); OpenAI adds rules of
 * its own even for non-strict functions. The checks find the first violation, with where it is
 * (OpenAI's `context`).
 */

type Json = Record<string, unknown>;

const TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];

/** A violation: where (keys from the root) and why, in OpenAI's words. */
export interface SchemaProblem {
  context: string[];
  why: string;
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** How Python's jsonschema shows a value in its messages (OpenAI's validator). */
function shown(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return JSON.stringify(value);
}

const SUBSCHEMA_MAPS = [
  'properties',
  '$defs',
  'definitions',
  'patternProperties',
  'dependentSchemas',
];
const SUBSCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
const SUBSCHEMA_VALUES = [
  'items',
  'additionalProperties',
  'not',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
  'unevaluatedItems',
  'unevaluatedProperties',
];
const NUMBERS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'];
const COUNTS = [
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'minContains',
  'maxContains',
];
const STRINGS = ['description', 'title', 'pattern', 'format', '$id', '$ref', '$comment'];

/** The first meta-schema violation of `schema` (draft 2020-12, structural), or undefined. */
export function metaSchemaProblem(
  schema: unknown,
  context: string[] = [],
): SchemaProblem | undefined {
  const fail = (why: string, at: string[] = context): SchemaProblem => ({ context: at, why });
  if (typeof schema === 'boolean') return undefined;
  if (!isObject(schema)) return fail(`${shown(schema)} is not of type 'object', 'boolean'.`);
  const type = schema.type;
  if (type !== undefined) {
    const names = Array.isArray(type) ? type : [type];
    const bad = names.find((name) => typeof name !== 'string' || !TYPES.includes(name));
    if (bad !== undefined || names.length === 0 || new Set(names).size !== names.length) {
      return fail(`${shown(bad ?? type)} is not valid under any of the given schemas.`, [
        ...context,
        'type',
      ]);
    }
  }
  if (schema.required !== undefined) {
    const required = schema.required;
    if (!Array.isArray(required))
      return fail(`${shown(required)} is not of type 'array'.`, [...context, 'required']);
    const bad = required.find((key) => typeof key !== 'string');
    if (bad !== undefined)
      return fail(`${shown(bad)} is not of type 'string'.`, [...context, 'required']);
  }
  if (schema.enum !== undefined && !Array.isArray(schema.enum)) {
    return fail(`${shown(schema.enum)} is not of type 'array'.`, [...context, 'enum']);
  }
  for (const key of NUMBERS) {
    const value = schema[key];
    if (value !== undefined && typeof value !== 'number') {
      return fail(`${shown(value)} is not of type 'number'.`, [...context, key]);
    }
  }
  for (const key of COUNTS) {
    const value = schema[key];
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 0)) {
      return fail(`${shown(value)} is not a non-negative integer.`, [...context, key]);
    }
  }
  for (const key of STRINGS) {
    const value = schema[key];
    if (value !== undefined && typeof value !== 'string') {
      return fail(`${shown(value)} is not of type 'string'.`, [...context, key]);
    }
  }
  for (const key of SUBSCHEMA_MAPS) {
    const map = schema[key];
    if (map === undefined) continue;
    if (!isObject(map)) return fail(`${shown(map)} is not of type 'object'.`, [...context, key]);
    for (const [name, child] of Object.entries(map)) {
      const found = metaSchemaProblem(child, [...context, key, name]);
      if (found) return found;
    }
  }
  for (const key of SUBSCHEMA_LISTS) {
    const list = schema[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.length === 0) {
      return fail(`${shown(list)} is not a non-empty array.`, [...context, key]);
    }
    for (const [index, child] of list.entries()) {
      const found = metaSchemaProblem(child, [...context, key, String(index)]);
      if (found) return found;
    }
  }
  for (const key of SUBSCHEMA_VALUES) {
    if (schema[key] === undefined) continue;
    const found = metaSchemaProblem(schema[key], [...context, key]);
    if (found) return found;
  }
  return undefined;
}

/** OpenAI's own rules for function parameters that hold even when `strict` is off. */
export function openAISchemaProblem(
  schema: unknown,
  context: string[] = [],
): SchemaProblem | undefined {
  const meta = metaSchemaProblem(schema, context);
  if (meta) return meta;
  if (!isObject(schema)) return undefined;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('object') && schema.properties === undefined) {
    return { context, why: 'object schema missing properties.' };
  }
  if (types.includes('array') && schema.items === undefined) {
    return { context, why: 'array schema missing items.' };
  }
  for (const key of SUBSCHEMA_MAPS) {
    for (const [name, child] of Object.entries(isObject(schema[key]) ? schema[key] : {})) {
      const found = openAISchemaProblem(child, [...context, key, name]);
      if (found) return found;
    }
  }
  for (const key of SUBSCHEMA_LISTS) {
    const list = Array.isArray(schema[key]) ? (schema[key] as unknown[]) : [];
    for (const [index, child] of list.entries()) {
      const found = openAISchemaProblem(child, [...context, key, String(index)]);
      if (found) return found;
    }
  }
  for (const key of SUBSCHEMA_VALUES) {
    if (schema[key] === undefined) continue;
    const found = openAISchemaProblem(schema[key], [...context, key]);
    if (found) return found;
  }
  return undefined;
}

/** OpenAI's `context=(...)` rendering: a Python tuple of the keys. */
export function openAIContext(context: string[]): string {
  if (context.length === 0) return '';
  const keys = context.map((key) => `'${key}'`);
  return keys.length === 1 ? `${keys[0]},` : keys.join(', ');
}

/** Anthropic's check of `input_schema`: the draft 2020-12 meta-schema. */
export function anthropicSchemaValid(schema: unknown): boolean {
  return metaSchemaProblem(schema) === undefined;
}
