import { describe, expect, test } from 'vitest';
import { toolArgumentSchemas } from '../../src/agent/tool-args.js';
import { argumentsShape, fileToolNames, fileToolSchemas } from '../../src/agent/tool-schemas.js';

type JsonSchema = {
  type: string;
  properties: Record<string, { type: string; description: string }>;
  required: string[];
  additionalProperties: boolean;
};
const parametersOf = (name: string) =>
  fileToolSchemas.find((tool) => tool.name === name)?.parameters as JsonSchema;

/** A value of a JSON Schema type that the zod side must accept. */
const sample = (type: string): unknown => (type === 'integer' ? 3 : 'notes.txt');

test('the five tools, with the seed system’s names, in order', () => {
  expect(fileToolNames).toEqual([
    'read_file',
    'list_directory',
    'write_file',
    'get_file_info',
    'edit_file',
  ]);
});

test('descriptions are one short line each (every model pays for them every turn)', () => {
  for (const tool of fileToolSchemas) {
    expect(tool.description).not.toContain('\n');
    expect(tool.description.length).toBeLessThanOrEqual(80);
    for (const property of Object.values(parametersOf(tool.name).properties)) {
      expect(property.description.length).toBeLessThanOrEqual(50);
    }
  }
});

test('the seed system’s parameters, plus read_file’s offset/limit', () => {
  const shapes = Object.fromEntries(
    fileToolSchemas.map((tool) => [tool.name, argumentsShape(tool)]),
  );
  expect(shapes).toEqual({
    read_file: '{"file_path": string, "offset"?: integer, "limit"?: integer}',
    list_directory: '{"directory_path"?: string}',
    write_file: '{"file_path": string, "content": string}',
    get_file_info: '{"file_path": string}',
    edit_file: '{"file_path": string, "old_str": string, "new_str": string}',
  });
});

describe.for(fileToolNames)('%s: the JSON Schema and the zod validator agree', (name) => {
  const schema = parametersOf(name);
  const validator = toolArgumentSchemas[name as keyof typeof toolArgumentSchemas];

  test('plain JSON Schema: an object with no extra properties', () => {
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    for (const key of schema.required) expect(Object.keys(schema.properties)).toContain(key);
  });

  test('the same property names', () => {
    expect(Object.keys(validator.shape).sort()).toEqual(Object.keys(schema.properties).sort());
  });

  test('all properties: accepted; only the required ones: accepted', () => {
    const all = Object.fromEntries(
      Object.entries(schema.properties).map(([key, property]) => [key, sample(property.type)]),
    );
    const requiredOnly = Object.fromEntries(schema.required.map((key) => [key, all[key]]));
    expect(validator.safeParse(all).success).toBe(true);
    expect(validator.safeParse(requiredOnly).success).toBe(true);
  });

  test('any required property missing, a wrong type, or an extra property: rejected', () => {
    const all = Object.fromEntries(
      Object.entries(schema.properties).map(([key, property]) => [key, sample(property.type)]),
    );
    for (const key of schema.required) {
      const { [key]: _dropped, ...rest } = all;
      expect(validator.safeParse(rest).success).toBe(false);
    }
    for (const key of Object.keys(schema.properties)) {
      expect(validator.safeParse({ ...all, [key]: true }).success).toBe(false);
    }
    expect(validator.safeParse({ ...all, extra: 1 }).success).toBe(false);
  });
});
