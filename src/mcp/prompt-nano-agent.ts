import { z } from 'zod';
import type { RunProgressEvent } from '../agent/run-agent.js';
import { readableFolder } from '../input/readable-folder.js';
import { type Catalog, defaultCatalog } from '../models/catalog.js';
import { lifecycleNow } from '../models/lifecycle.js';
import { assertNotRetired, RetiredModelError, resolveModel } from '../models/resolve-model.js';
import { PROVIDER_FACTS, PROVIDER_NAMES, type ProviderName } from '../records/provider-facts.js';
import { type NanoAgentResponse, toNanoAgentResponse } from './nano-agent-response.js';
import { selectModel } from './select-model.js';

/** The seed system's default model. */
export const SEED_DEFAULT_MODEL = 'gpt-5-mini';

/** The providers a `prompt_nano_agent` call may name (the built-ins only run agent test cases). */
export const AGENT_PROVIDERS = PROVIDER_NAMES.filter(
  (name) => PROVIDER_FACTS[name].languageModel,
) as [ProviderName, ...ProviderName[]];

/**
 * The model `prompt_nano_agent` uses when the call names none: the seed system's gpt-5-mini
 * while its vendor serves it, then the successor the catalog names for it (judged on
 * `lifecycleNow()`: today, or NANOGRADE_NOW).
 */
export function defaultNanoAgentModel(
  catalog: Catalog = defaultCatalog,
  now: Date = lifecycleNow(),
): string {
  try {
    assertNotRetired(resolveModel(SEED_DEFAULT_MODEL, catalog, {}), catalog, now);
    return SEED_DEFAULT_MODEL;
  } catch (error) {
    if (error instanceof RetiredModelError && error.replacement !== '') return error.replacement;
    throw error;
  }
}

/** The arguments of `prompt_nano_agent`, as a zod shape (the MCP SDK turns it into JSON Schema). */
export function promptNanoAgentInputShape(defaultModel: string = defaultNanoAgentModel()) {
  return {
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
        'The model: a catalog name (gpt-5-mini, claude-haiku-4-5, gpt-oss:20b) or a provider:model id.',
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
  signal?: AbortSignal;
  onProgress?: (event: RunProgressEvent) => void;
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
  const model = selectModel(input.model, input.provider);
  const workspace = await readableFolder(input.workspace ?? '.', context.cwd, 'workspace');
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
}
