import { z } from 'zod';

/** What a custom tool's `execute` is told about the call besides its arguments. */
export interface ToolContext {
  /** The folder the agent works in (a fresh copy of the case's workspace in agent tests). */
  workspace: string;
  /** Aborts when the run ends early (timeout, abort): pass it on to anything slow. */
  signal: AbortSignal;
  /** The canonical id of the model that asked, e.g. `openai:gpt-5-mini`. */
  model: string;
  /** The turn that asked for the call (1-based). */
  turn: number;
}

/** A tool's parameters: a zod object schema (`z.object`, `z.strictObject`, `z.looseObject`). */
export type ToolParameters = z.ZodObject;

/** What `tool()` takes. */
export interface ToolDefinition<Parameters extends ToolParameters = ToolParameters> {
  /** One line the model reads to decide when to call it; every model pays for it on every turn. */
  description: string;
  /** The arguments, as a zod object schema: shown to the model as JSON Schema, checked before `execute`. */
  parameters: Parameters;
  /**
   * Runs a call whose arguments passed `parameters`. Its result is what the model is shown: a
   * string as it is, anything else as JSON. A throw is a tool error the model sees (the message).
   */
  execute: (args: z.output<Parameters>, context: ToolContext) => unknown;
}

const TOOL_BRAND = Symbol.for('nanograde.tool');

/** A custom tool for the nano agent, made by `tool()`. */
export interface CustomTool<Parameters extends ToolParameters = ToolParameters>
  extends ToolDefinition<Parameters> {
  readonly [TOOL_BRAND]: true;
}

/**
 * Defines a custom tool for the nano agent: `agentTest(name, { tools: { lookup: tool({...}) } })`
 * or `runAgent({ tools })`. The model is shown `parameters` as JSON Schema (converted for each
 * provider); its arguments are checked with the schema before `execute` runs, and a call that
 * does not fit comes back to the model as a tool error.
 */
export function tool<Parameters extends ToolParameters>(
  definition: ToolDefinition<Parameters>,
): CustomTool<Parameters> {
  if (typeof definition !== 'object' || definition === null) {
    throw new TypeError('tool() takes { description, parameters, execute }');
  }
  if (typeof definition.execute !== 'function') {
    throw new TypeError('tool(): execute must be a function (args, context) => string | object');
  }
  return Object.freeze({ ...definition, [TOOL_BRAND]: true as const });
}

/** Whether `value` was made by `tool()`. */
export function isCustomTool(value: unknown): value is CustomTool {
  return typeof value === 'object' && value !== null && TOOL_BRAND in value;
}

/**
 * A tool's parameters as the JSON Schema every provider adapter starts from: zod's own output for
 * what the model may send (`io: 'input'`: defaults and optional fields are optional), without
 * `$schema` (some APIs reject drafts they did not pick). Throws for a schema that is not an
 * object, or that JSON Schema cannot express (dates, functions, …), saying so.
 */
export function parametersJsonSchema(name: string, parameters: unknown): Record<string, unknown> {
  if (!(parameters instanceof z.ZodObject)) {
    throw new TypeError(
      `tools.${name}: parameters must be a zod object schema, e.g. z.object({ city: z.string() }); every provider takes an object of named arguments`,
    );
  }
  let schema: Record<string, unknown>;
  try {
    schema = z.toJSONSchema(parameters, { io: 'input' }) as Record<string, unknown>;
  } catch (error) {
    throw new TypeError(
      `tools.${name}: its parameters cannot be shown to a model as JSON Schema (${(error as Error).message}); use JSON types (strings, numbers, booleans, arrays, objects, enums) and convert inside execute`,
    );
  }
  const { $schema: _draft, ...rest } = schema;
  return rest;
}

/** What the model is shown of a tool's result: a string as it is, anything else as JSON. */
export function toolResultText(result: unknown): string {
  if (typeof result === 'string') return result;
  if (result === undefined) return '';
  const text = JSON.stringify(result);
  if (text === undefined) throw new TypeError(`the tool returned ${typeof result}, not JSON`);
  return text;
}
