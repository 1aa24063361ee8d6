import { z } from 'zod';
import {
  PROVIDER_FACTS,
  type ProviderName,
  ProviderNameSchema,
} from '../records/provider-facts.js';

/**
 * How many requests one provider may have at once: a number (the most at once), or
 * `{ max, per, adaptive, recoverMs }`. Defaults per provider come from its facts (cloud 8,
 * Ollama 1 per model or `OLLAMA_NUM_PARALLEL`).
 */
export const ConcurrencySettingSchema = z.union([
  z.number().int().positive(),
  z.strictObject({
    /** The most at once (the adaptive limit never goes above it). */
    max: z.number().int().positive().optional(),
    /** One limit for the whole provider, or one per model (Ollama's default: each model has its own slots). */
    per: z.enum(['provider', 'model']).optional(),
    /** Back off on HTTP 429 and nearly spent rate-limit budgets, then recover (default: on for cloud providers). */
    adaptive: z.boolean().optional(),
    /** After a back-off, the limit grows by one per this many ms (default 10 000). */
    recoverMs: z.number().int().positive().optional(),
  }),
]);
export type ConcurrencySetting = z.infer<typeof ConcurrencySettingSchema>;

/** Limits per provider name, e.g. `{ openai: 4, ollama: { max: 2, per: 'provider' } }`. */
export const ConcurrencySchema = z.partialRecord(ProviderNameSchema, ConcurrencySettingSchema);
export type Concurrency = z.infer<typeof ConcurrencySchema>;

/** A provider's limit rule, every default filled in. */
export interface LimitRule {
  max: number;
  per: 'provider' | 'model';
  adaptive: boolean;
  recoverMs: number;
}

/** How fast an adaptive limit grows back after a back-off: one more slot per this many ms. */
export const DEFAULT_RECOVER_MS = 10_000;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Ollama's own per-model setting, `OLLAMA_NUM_PARALLEL` (Ollama's FAQ: "the maximum number of
 * parallel requests each model will process at the same time", default 1), when it is set in
 * nanograde's environment — typically the shell that also runs `ollama serve`.
 */
function ollamaNumParallel(env: Env): number | undefined {
  const raw = env.OLLAMA_NUM_PARALLEL?.trim();
  if (!raw || !/^\d+$/.test(raw)) return undefined;
  const value = Number(raw);
  return value > 0 ? value : undefined;
}

/**
 * The limit rule of `provider`: the project's `concurrency` setting over the defaults. Cloud
 * providers: one adaptive limit for the provider (8). Local models (Ollama): one fixed limit per
 * model, `OLLAMA_NUM_PARALLEL` or 1, so two pulled models run side by side.
 */
export function limitRule(
  provider: ProviderName,
  concurrency?: Concurrency,
  env: Env = process.env,
): LimitRule {
  const facts = PROVIDER_FACTS[provider];
  const fallbackMax = (facts.local ? ollamaNumParallel(env) : undefined) ?? facts.concurrency;
  const setting = concurrency?.[provider];
  const given = typeof setting === 'number' ? { max: setting } : (setting ?? {});
  return {
    max: given.max ?? fallbackMax,
    per: given.per ?? (facts.local ? 'model' : 'provider'),
    adaptive: given.adaptive ?? (!facts.local && facts.languageModel),
    recoverMs: given.recoverMs ?? DEFAULT_RECOVER_MS,
  };
}

/** Whose traffic a slot is for. Agent runs and judge calls have separate limits: a check that judges a run still holds the run's slot. */
export const SlotPoolNameSchema = z.enum(['agent', 'judge']);
export type SlotPoolName = z.infer<typeof SlotPoolNameSchema>;

/** What a slot is asked for: whose traffic, to which provider and model (the provider's own name). */
export const SlotRequestSchema = z.strictObject({
  pool: SlotPoolNameSchema,
  provider: ProviderNameSchema,
  model: z.string().min(1),
});
export type SlotRequest = z.infer<typeof SlotRequestSchema>;

/** The limit a request counts against: `agent openai`, or per model `agent ollama gpt-oss:20b`. */
export function slotKey(request: SlotRequest, rule: LimitRule): string {
  const base = `${request.pool} ${request.provider}`;
  return rule.per === 'model' ? `${base} ${request.model}` : base;
}
