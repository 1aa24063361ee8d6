import { mostSimilar } from '../format/text-similarity.js';
import type { ToolSchema } from '../providers/provider-types.js';
import type { ToolCallRequest } from '../records/agent-run.js';
import {
  type CustomTool,
  isCustomTool,
  parametersJsonSchema,
  type ToolContext,
  toolResultText,
} from './custom-tool.js';
import {
  executeToolCall,
  failedCall,
  parseArguments,
  type ToolExecution,
  unknownToolMessage,
} from './file-tools.js';
import { systemPromptFor } from './system-prompt.js';
import { describeIssues } from './tool-args.js';
import { argumentsShape, fileToolNames, fileToolSchemas } from './tool-schemas.js';

/** Which tools and which system prompt the nano agent runs with. */
export interface ToolsetOptions {
  /** Custom tools by name, each made by `tool()`; offered after the file tools. */
  tools?: Readonly<Record<string, CustomTool>>;
  /** The file tools: all five (`true`, the default), none (`false`), or these by name. */
  fileTools?: boolean | readonly string[];
  /** Replaces the system prompt (default: the nano agent's, worded for the tools it has). */
  system?: string;
}

/** The tools of one run: what the model is shown, and how a call is executed. */
export interface Toolset {
  /** The tools as every turn offers them: the file tools in their order, then the custom ones. */
  schemas: ToolSchema[];
  system: string;
  /** The file tools that are on, in their order. */
  fileTools: string[];
  /** The custom tools' names, in the order given. */
  customTools: string[];
  /** Runs one call; never throws for what the model did (its result says what went wrong). */
  execute(call: ToolCallRequest, context: ToolContext): Promise<ToolExecution>;
}

/** A tool set that cannot be built: a clear message saying what to change. */
export class ToolsetError extends Error {
  override name = 'ToolsetError';
}

/**
 * Tool names every provider accepts: OpenAI allows `^[a-zA-Z0-9_-]{1,64}$`, Anthropic the same
 * characters up to 128 and Ollama anything; the strictest rule wins so a tool runs on every model.
 */
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

function chosenFileTools(fileTools: ToolsetOptions['fileTools']): string[] {
  if (fileTools === undefined || fileTools === true) return [...fileToolNames];
  if (fileTools === false) return [];
  if (!Array.isArray(fileTools)) {
    throw new ToolsetError(
      `fileTools must be true, false or a list of file tool names (${fileToolNames.join(', ')})`,
    );
  }
  for (const name of fileTools) {
    if (typeof name !== 'string' || !fileToolNames.includes(name)) {
      const closest = mostSimilar(String(name), fileToolNames);
      const guess =
        closest && closest.score >= 0.6 ? ` Did you mean "${fileToolNames[closest.index]}"?` : '';
      throw new ToolsetError(
        `fileTools names ${JSON.stringify(name)}, which is not a file tool (${fileToolNames.join(', ')}).${guess}`,
      );
    }
  }
  // In the tools' own order, so the same choice always yields the same request.
  return fileToolNames.filter((name) => fileTools.includes(name));
}

function checkedCustomTool(name: string, value: unknown, fileTools: string[]): CustomTool {
  if (!TOOL_NAME.test(name)) {
    throw new ToolsetError(
      `tools: ${JSON.stringify(name)} is not a name every provider accepts: use 1 to 64 letters, digits, "_" or "-"`,
    );
  }
  if (fileTools.includes(name)) {
    throw new ToolsetError(
      `tools.${name} has the name of a file tool; rename it, or turn that file tool off (fileTools: [${fileTools
        .filter((other) => other !== name)
        .map((other) => `'${other}'`)
        .join(', ')}])`,
    );
  }
  if (!isCustomTool(value)) {
    throw new ToolsetError(
      `tools.${name} is not a tool: make it with tool({ description, parameters, execute }) from 'nanograde'`,
    );
  }
  if (typeof value.description !== 'string' || value.description.trim() === '') {
    throw new ToolsetError(
      `tools.${name} has no description: the model reads it to decide when to call the tool`,
    );
  }
  return value;
}

/** The model-facing list of what was wrong with a custom tool's arguments. */
function describeArgumentIssues(
  issues: Parameters<typeof describeIssues>[0],
  input: unknown,
): string {
  return issues
    .map((issue) =>
      issue.path.length === 0 || issue.code === 'unrecognized_keys'
        ? describeIssues([issue], input)
        : `${issue.path.map(String).join('.')}: ${issue.message}`,
    )
    .join('; ');
}

async function executeCustomTool(
  tool: CustomTool,
  schema: ToolSchema,
  call: ToolCallRequest,
  context: ToolContext,
): Promise<ToolExecution> {
  const parsed = parseArguments(call.arguments);
  const args = parsed.ok ? parsed.value : call.arguments;
  const expected = ` Expected ${argumentsShape(schema)}.`;
  if (!parsed.ok) {
    return failedCall(
      args,
      `Invalid arguments for ${call.name}: not valid JSON (${parsed.reason}).${expected}`,
    );
  }
  const checked = tool.parameters.safeParse(parsed.value);
  if (!checked.success) {
    const problems = describeArgumentIssues(checked.error.issues, parsed.value);
    return failedCall(args, `Invalid arguments for ${call.name}: ${problems}.${expected}`);
  }
  try {
    return { args, ok: true, content: toolResultText(await tool.execute(checked.data, context)) };
  } catch (error) {
    // A run that ended meanwhile is not the tool's failure.
    if (context.signal.aborted) throw error;
    const message = error instanceof Error ? error.message : String(error);
    return failedCall(args, `${call.name} failed: ${message}`);
  }
}

/**
 * Builds a run's tool set: the chosen file tools, then the custom tools, each checked (a name
 * every provider accepts, no clash with a file tool that is on, made by `tool()`, a description,
 * parameters JSON Schema can express). Throws a ToolsetError for bad input, before any model call.
 */
export function buildToolset(options: ToolsetOptions = {}): Toolset {
  const fileTools = chosenFileTools(options.fileTools);
  const entries = Object.entries(options.tools ?? {}).map(([name, value]) => {
    const tool = checkedCustomTool(name, value, fileTools);
    let parameters: Record<string, unknown>;
    try {
      parameters = parametersJsonSchema(name, tool.parameters);
    } catch (error) {
      throw new ToolsetError((error as Error).message);
    }
    const schema: ToolSchema = { name, description: tool.description, parameters };
    return { name, tool, schema };
  });
  if (options.system !== undefined && typeof options.system !== 'string') {
    throw new ToolsetError('system must be a string: the system prompt every model gets');
  }
  const customTools = entries.map((entry) => entry.name);
  const schemas = [
    ...fileToolSchemas.filter((schema) => fileTools.includes(schema.name)),
    ...entries.map((entry) => entry.schema),
  ];
  const available = schemas.map((schema) => schema.name);
  const custom = new Map(entries.map((entry) => [entry.name, entry]));
  return {
    schemas,
    system: options.system ?? systemPromptFor({ fileTools, customTools }),
    fileTools,
    customTools,
    async execute(call, context) {
      const entry = custom.get(call.name);
      if (entry) return executeCustomTool(entry.tool, entry.schema, call, context);
      if (!fileTools.includes(call.name)) {
        const parsed = parseArguments(call.arguments);
        return failedCall(
          parsed.ok ? parsed.value : call.arguments,
          unknownToolMessage(call.name, available),
        );
      }
      return executeToolCall(context.workspace, call);
    },
  };
}
