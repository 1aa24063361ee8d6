import { realpath } from 'node:fs/promises';
import { z } from 'zod';
import type { RunProgressEvent } from '../agent/run-agent.js';
import { didYouMean } from '../format/did-you-mean.js';
import { readableFolder } from '../input/readable-folder.js';
import { type Catalog, defaultCatalog } from '../models/catalog.js';
import { defaultAgentModel } from '../models/default-model.js';
import { lifecycleNow } from '../models/lifecycle.js';
import { PROVIDER_FACTS, PROVIDER_NAMES, type ProviderName } from '../records/provider-facts.js';
import { type AllowedRoots, checkWorkspaceAllowed } from './allowed-roots.js';
import {
  failedNanoAgentResponse,
  type NanoAgentResponse,
  toNanoAgentResponse,
} from './nano-agent-response.js';
import { selectModel } from './select-model.js';

/** The providers a `prompt_nano_agent` call may name (the built-ins only run agent test cases). */
export const AGENT_PROVIDERS = PROVIDER_NAMES.filter(
  (name) => PROVIDER_FACTS[name].languageModel,
) as [ProviderName, ...ProviderName[]];

/**
 * The model `prompt_nano_agent` uses when the call names none (see `defaultAgentModel`: never one
 * that retires within 30 days of `lifecycleNow()`: today, or NANOGRADE_NOW), by its bare name.
 */
export function defaultNanoAgentModel(
  catalog: Catalog = defaultCatalog,
  now: Date = lifecycleNow(),
): string {
  const entry = defaultAgentModel(catalog, now);
  return entry.aliases[0] ?? entry.id;
}

/**
 * The arguments of `prompt_nano_agent` (the MCP SDK turns the schema into JSON Schema). Strict: a
 * misspelt argument (`modle`) is refused with the one meant, where a plain object would drop it
 * and run the default model instead of the one the caller asked for.
 */
export function promptNanoAgentInputSchema(defaultModel: string = defaultNanoAgentModel()) {
  const shape = {
    agentic_prompt: z
      .string()
      .min(1)
      .max(10_000)
      .refine((prompt) => prompt.trim() !== '', 'the prompt is blank; say what the agent must do')
      .describe('What the agent must do, in natural language (1–10,000 characters).'),
    model: z
      .string()
      .min(1)
      .default(defaultModel)
      .describe(
        `The model: a catalog name (${defaultModel}, claude-sonnet-5-5, gpt-oss:20b) or a provider:model id.`,
      ),
    provider: z
      .enum(AGENT_PROVIDERS)
      .optional()
      .describe('The provider; inferred from the model when left out. Must agree with the model.'),
    workspace: z
      .string()
      .min(1)
      .optional()
      .describe(
        "The folder the agent works in (its file tools cannot leave it); default the server's working directory.",
      ),
  };
  const names = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => unknownArgument(key, names)).join('; ')
        : undefined,
  });
}

function unknownArgument(key: string, names: readonly string[]): string {
  const meant = didYouMean(key, names);
  const guess = meant === undefined ? '' : ` — did you mean '${meant}'?`;
  return `unknown argument '${key}'${guess} (prompt_nano_agent takes ${names.join(', ')})`;
}

/** The validated arguments of one call. */
export interface PromptNanoAgentInput {
  agentic_prompt: string;
  model: string;
  provider?: string | undefined;
  workspace?: string | undefined;
}

/** What a call runs with besides its arguments. */
export interface PromptNanoAgentContext {
  /** The folder relative workspaces resolve against, and the default workspace. */
  cwd: string;
  /** The folders the workspace must be inside (default: `cwd`). */
  roots?: AllowedRoots;
  /** Allow the filesystem root and the home folder as workspaces (`nanograde mcp --allow-home-and-root`). */
  allowHomeAndRoot?: boolean;
  signal?: AbortSignal;
  onProgress?: (event: RunProgressEvent) => void;
  /** Told what the caller should know although the call runs (a model id that is a likely typo). */
  onWarning?: (message: string) => void;
}

/**
 * Runs the nano agent for one `prompt_nano_agent` call in the workspace folder itself — not a
 * copy: as in the seed system, its writes are the point — and answers with the seed system's
 * JSON. Throws an InputError for a model, provider or workspace no run could succeed with.
 */
export async function promptNanoAgent(
  input: PromptNanoAgentInput,
  context: PromptNanoAgentContext,
): Promise<NanoAgentResponse> {
  const model = selectModel(input.model, input.provider, undefined, undefined, context.onWarning);
  const workspace = await readableFolder(input.workspace ?? '.', context.cwd, 'workspace');
  const roots = context.roots ?? { folders: [await realpath(context.cwd)], source: 'cwd' };
  await checkWorkspaceAllowed(workspace, roots, {
    allowHomeAndRoot: context.allowHomeAndRoot ?? false,
  });
  const started = performance.now();
  try {
    // The agent (its tools, sandbox and provider registry) loads with the first call, so the
    // server answers `initialize` having loaded little more than the MCP SDK.
    const { runAgent } = await import('../agent/run-agent.js');
    const run = await runAgent({
      model,
      prompt: input.agentic_prompt,
      workspace,
      ...(context.signal ? { signal: context.signal } : {}),
      ...(context.onProgress ? { onProgress: context.onProgress } : {}),
    });
    return toNanoAgentResponse(run, model.provider);
  } catch (error) {
    // runAgent never throws for what a provider did; anything else still answers the seed's JSON.
    const message = error instanceof Error ? error.message : String(error);
    return failedNanoAgentResponse(
      model,
      `nanograde failed: ${message}`,
      performance.now() - started,
    );
  }
}
