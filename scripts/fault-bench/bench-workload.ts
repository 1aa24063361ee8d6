import type { PlannedFault } from '../../test/fakes/fault-plan.js';
import { runTag } from '../../test/fakes/fault-proxy.js';
import type { FaultProvider } from '../../test/fakes/fault-wire.js';
import type { BenchManifest, BenchRun } from './manifest.js';

/** Two current models per provider, so each provider's slots are shared by models, as in a matrix. */
export const BENCH_MODELS: Record<FaultProvider, [string, string]> = {
  openai: ['openai:gpt-6.1-terra', 'openai:gpt-6-luna'],
  anthropic: ['anthropic:claude-sonnet-5-5', 'anthropic:claude-haiku-4-5'],
  ollama: ['ollama:gpt-oss:20b', 'ollama:gpt-oss:120b'],
};

/** The judges, one per provider, taken in turn by the judged runs. */
export const BENCH_JUDGES = [
  'openai:gpt-6-luna',
  'anthropic:claude-haiku-4-5',
  'ollama:gpt-oss:20b',
] as const;

/** What every run must answer: the text of the workspace's motto.txt. */
export const EXPECTED_ANSWER = 'nanograde fault bench';

/**
 * The runs' limits. timeoutMs (10 s) is well under the 30 s stall, so a stall must end the run
 * with a classified timeout; and far above a healthy run (two turns of 20 ms at the fake, plus a
 * retry's wait of at most 2 s), so no run times out on its own on a busy 2-core machine.
 * maxTurns 6 leaves room for re-reading after broken arguments, and ends the endless tool loop.
 */
export const BENCH_LIMITS = { maxTurns: 6, timeoutMs: 10_000 };

/**
 * Each provider's documented default limit of requests at once (README: cloud 8 per provider,
 * Ollama 1 per model) and what it counts.
 */
export const PROVIDER_LIMITS: Record<FaultProvider, { limit: number; per: 'provider' | 'model' }> =
  {
    openai: { limit: 8, per: 'provider' },
    anthropic: { limit: 8, per: 'provider' },
    ollama: { limit: 1, per: 'model' },
  };

/** A run of the bench with the fault planned for it. */
export interface PlannedRun extends BenchRun {
  provider: FaultProvider;
  fault?: PlannedFault;
}

const PROVIDER_ORDER: FaultProvider[] = ['openai', 'anthropic', 'ollama'];

/** The provider of run n: they take turns. */
export const providerOf = (n: number): FaultProvider => PROVIDER_ORDER[n % 3] as FaultProvider;

/**
 * The bench's runs: run n goes to `providerOf(n)` (alternating its two models); every other run
 * is judged (judges in turn), and so is every run whose fault is on the judge's request.
 */
export function benchRuns(count: number, plan: ReadonlyMap<number, PlannedFault>): PlannedRun[] {
  return Array.from({ length: count }, (_, n) => {
    const provider = providerOf(n);
    const model = BENCH_MODELS[provider][Math.floor(n / 3) % 2] as string;
    const fault = plan.get(n);
    const judged = n % 2 === 0 || fault?.kind === 'judge';
    const tag = runTag(n);
    return {
      n,
      name: tag.slice(1, -1),
      prompt: `Read motto.txt and answer with its text only. ${tag}`,
      model,
      provider,
      ...(judged ? { judge: BENCH_JUDGES[Math.floor(n / 2) % BENCH_JUDGES.length] } : {}),
      ...(fault ? { fault } : {}),
    };
  });
}

/** The manifest the child's agent test file reads. */
export function benchManifest(runs: PlannedRun[]): BenchManifest {
  return {
    runs: runs.map(({ n, name, prompt, model, judge }) => ({
      n,
      name,
      prompt,
      model,
      ...(judge ? { judge } : {}),
    })),
    limits: BENCH_LIMITS,
    expected: EXPECTED_ANSWER,
  };
}
