import { z } from 'zod';
import type { Availability } from '../provider-types.js';
import { describeFetchError, isResponseError } from './errors.js';
import { canonicalOllamaModel, ollamaClient, resolveOllamaHost } from './ollama-client.js';

// Apart from the adapter: `nanograde models` and every availability check ask Ollama for its
// model list without loading what running a model needs.

/** How long `availability` waits for GET /api/tags before calling the server unreachable. */
const AVAILABILITY_TIMEOUT_MS = 10_000;

const TagsSchema = z.object({
  models: z.array(z.object({ name: z.string(), model: z.string().optional() })).nullish(),
});

/**
 * Whether `model` can run on the Ollama server at `host` (default: OLLAMA_HOST): the server
 * answers GET /api/tags like Ollama, and the model is pulled there; if not, why.
 */
export async function ollamaAvailability(
  model: string,
  host: string = resolveOllamaHost(process.env.OLLAMA_HOST),
): Promise<Availability> {
  const unreachable = (detail: string): Availability => ({
    available: false,
    reason: 'unreachable',
    message: `Ollama is not reachable at ${host}; start it with \`ollama serve\` or set OLLAMA_HOST (${detail})`,
  });
  let listed: unknown;
  try {
    listed = await ollamaClient(host, AbortSignal.timeout(AVAILABILITY_TIMEOUT_MS)).list();
  } catch (error) {
    if (isResponseError(error)) {
      return unreachable(`GET /api/tags answered HTTP ${error.status_code}: ${error.error}`);
    }
    if (error instanceof Error && error.name === 'TimeoutError') {
      return unreachable(`no answer within ${AVAILABILITY_TIMEOUT_MS / 1000} s`);
    }
    return unreachable(describeFetchError(error));
  }
  const tags = TagsSchema.safeParse(listed);
  if (!tags.success) return unreachable('GET /api/tags did not answer like Ollama');
  const wanted = canonicalOllamaModel(model);
  const pulled = (tags.data.models ?? []).some(
    (entry) =>
      canonicalOllamaModel(entry.name) === wanted ||
      (entry.model !== undefined && canonicalOllamaModel(entry.model) === wanted),
  );
  if (pulled) return { available: true };
  return {
    available: false,
    reason: 'not_pulled',
    message: `${model} is not pulled on the Ollama server at ${host}; run \`ollama pull ${model}\``,
  };
}
