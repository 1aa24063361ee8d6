import type { ToolSchema } from '../providers/provider-types.js';

const filePath = { type: 'string', description: 'Path relative to the workspace' };

/**
 * The five file tools every model is shown, with the seed system's (disler/nano-agent) names
 * and parameters so its prompts work; read_file's offset/limit are additions. Descriptions are
 * kept short because every model pays for them on every turn.
 */
export const fileToolSchemas: ToolSchema[] = [
  {
    name: 'read_file',
    description: 'Read a text file; long files are read in pages of lines.',
    parameters: {
      type: 'object',
      properties: {
        file_path: filePath,
        offset: { type: 'integer', minimum: 1, description: 'First line to read (1-based)' },
        limit: { type: 'integer', minimum: 1, description: 'Maximum number of lines' },
      },
      required: ['file_path'],
      additionalProperties: false,
    },
  },
  {
    name: 'list_directory',
    description: 'List the entries of a folder.',
    parameters: {
      type: 'object',
      properties: {
        directory_path: { type: 'string', description: 'Folder path; default the workspace root' },
      },
      required: [],
      additionalProperties: false,
    },
  },
  {
    name: 'write_file',
    description: 'Create or overwrite a file, creating its folders.',
    parameters: {
      type: 'object',
      properties: {
        file_path: filePath,
        content: { type: 'string', description: 'The complete new file content' },
      },
      required: ['file_path', 'content'],
      additionalProperties: false,
    },
  },
  {
    name: 'get_file_info',
    description: 'Get the type, size, modified time and line count of a path.',
    parameters: {
      type: 'object',
      properties: { file_path: filePath },
      required: ['file_path'],
      additionalProperties: false,
    },
  },
  {
    name: 'edit_file',
    description: 'Replace one exact, unique occurrence of old_str in a file with new_str.',
    parameters: {
      type: 'object',
      properties: {
        file_path: filePath,
        old_str: { type: 'string', description: 'Exact text to replace, whitespace included' },
        new_str: { type: 'string', description: 'Replacement text' },
      },
      required: ['file_path', 'old_str', 'new_str'],
      additionalProperties: false,
    },
  },
];

/** The tools' names, in the order the models are shown them. */
export const fileToolNames: string[] = fileToolSchemas.map((tool) => tool.name);

/**
 * A one-line picture of a tool's arguments for error messages, e.g.
 * `{"file_path": string, "offset"?: integer}`; optional ones are marked with `?`.
 */
export function argumentsShape(tool: ToolSchema): string {
  const properties = (tool.parameters.properties ?? {}) as Record<string, { type?: string }>;
  const required = new Set((tool.parameters.required ?? []) as string[]);
  const fields = Object.entries(properties).map(
    ([name, schema]) => `"${name}"${required.has(name) ? '' : '?'}: ${schema.type ?? 'any'}`,
  );
  return `{${fields.join(', ')}}`;
}
