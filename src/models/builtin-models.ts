import { z } from 'zod';
import { deepFreeze } from './deep-freeze.js';
import { type ModelEntry, ModelEntrySchema } from './model-schema.js';

// Every price below was read on the vendor's own page named in its `source`, on its `readOn` day.
// Statuses come from the vendors' deprecation pages, read on 2026-11-23:
const OPENAI_DEPRECATIONS = 'https://developers.openai.com/api/docs/deprecations';
const ANTHROPIC_DEPRECATIONS =
  'https://platform.claude.com/docs/en/about-claude/model-deprecations';
const ANTHROPIC_PRICING = 'https://platform.claude.com/docs/en/about-claude/pricing';
const openAIModelPage = (model: string) => `https://developers.openai.com/api/docs/models/${model}`;
const claudeModelPage = (slug: string) =>
  `https://platform.claude.com/docs/en/models/${slug}/overview`;
const READ_TODAY = '2026-11-23';
// Prices as REFERENCE.md gives them (checked against the vendor pages it cites on that day).
const REFERENCE_READ_ON = '2026-11-01';
const RETIRED_NOTE = "Anthropic's model deprecations page lists it as retired.";

/**
 * OpenAI GPT-6 rates: "Prompts with more than 272K input tokens are priced at 2x input and cache
 * rates and 1.5x output for the full request". `cacheWrite` is the 30-minute retention price.
 */
function gpt6Price(
  model: string,
  input: number,
  cachedInput: number,
  cacheWrite: number,
  output: number,
) {
  return {
    input,
    cachedInput,
    cacheWrite,
    output,
    tiers: [
      {
        aboveInputTokens: 272_000,
        input: input * 2,
        cachedInput: cachedInput * 2,
        cacheWrite: cacheWrite * 2,
        output: output * 1.5,
      },
    ],
    source: openAIModelPage(model),
    readOn: READ_TODAY,
  };
}

const builtinEntries: ModelEntry[] = [
  // OpenAI retires the GPT-5 family on 2026-12-11 (announced 2026-06-11), see OPENAI_DEPRECATIONS.
  {
    id: 'openai:gpt-5',
    provider: 'openai',
    apiModel: 'gpt-5',
    aliases: ['gpt-5', 'gpt-5-2025-08-07'],
    label: 'GPT-5',
    status: {
      state: 'deprecated',
      replacement: 'openai:gpt-6.1-sol',
      retiresOn: '2026-12-11',
      since: '2026-06-11',
    },
    price: {
      input: 1.25,
      cachedInput: 0.125,
      output: 10,
      source: 'developers.openai.com model page (gpt-5)',
      readOn: REFERENCE_READ_ON,
    },
  },
  {
    id: 'openai:gpt-5-mini',
    provider: 'openai',
    apiModel: 'gpt-5-mini',
    aliases: ['gpt-5-mini', 'gpt-5-mini-2025-08-07'],
    label: 'GPT-5 mini',
    status: {
      state: 'deprecated',
      replacement: 'openai:gpt-6.1-terra',
      retiresOn: '2026-12-11',
      since: '2026-06-11',
    },
    price: {
      input: 0.25,
      cachedInput: 0.025,
      output: 2,
      source: 'developers.openai.com model page (gpt-5-mini)',
      readOn: REFERENCE_READ_ON,
    },
  },
  {
    id: 'openai:gpt-5-nano',
    provider: 'openai',
    apiModel: 'gpt-5-nano',
    aliases: ['gpt-5-nano', 'gpt-5-nano-2025-08-07'],
    label: 'GPT-5 nano',
    // The deprecations table names a GPT-6 model; the gpt-5-nano page itself names GPT-6 Luna.
    status: {
      state: 'deprecated',
      replacement: 'openai:gpt-6-luna',
      retiresOn: '2026-12-11',
      since: '2026-06-11',
    },
    price: {
      input: 0.05,
      cachedInput: 0.005,
      output: 0.4,
      source: openAIModelPage('gpt-5-nano'),
      readOn: READ_TODAY,
    },
  },
  {
    id: 'openai:gpt-6.1-sol',
    provider: 'openai',
    apiModel: 'gpt-6.1-sol',
    aliases: ['gpt-6.1-sol'],
    label: 'GPT-6.1 Sol',
    status: { state: 'active' },
    price: gpt6Price('gpt-6.1-sol', 2, 0.1, 2.5, 10),
  },
  {
    id: 'openai:gpt-6.1-terra',
    provider: 'openai',
    apiModel: 'gpt-6.1-terra',
    aliases: ['gpt-6.1-terra'],
    label: 'GPT-6.1 Terra',
    status: { state: 'active' },
    price: gpt6Price('gpt-6.1-terra', 1, 0.05, 1.25, 5),
  },
  {
    id: 'openai:gpt-6-luna',
    provider: 'openai',
    apiModel: 'gpt-6-luna',
    aliases: ['gpt-6-luna'],
    label: 'GPT-6 Luna',
    status: { state: 'active' },
    price: gpt6Price('gpt-6-luna', 0.1, 0.01, 0.125, 0.5),
  },
  // Anthropic: apiModel is the dated snapshot where one exists, so a run (and its cassette) names
  // one exact model; models from Claude 4.6 on have dateless ids that are snapshots themselves.
  // Replacements and retirement days are those of ANTHROPIC_DEPRECATIONS.
  {
    id: 'anthropic:claude-opus-4-1',
    provider: 'anthropic',
    apiModel: 'claude-opus-4-1-20250805',
    aliases: ['claude-opus-4-1', 'claude-opus-4-1-20250805'],
    label: 'Claude Opus 4.1',
    status: {
      state: 'retired',
      replacement: 'anthropic:claude-opus-4-8',
      since: '2026-08-05',
      note: RETIRED_NOTE,
    },
    price: {
      input: 15,
      cachedInput: 1.5,
      cacheWrite: 18.75,
      output: 75,
      source: ANTHROPIC_PRICING,
      readOn: READ_TODAY,
    },
  },
  {
    id: 'anthropic:claude-opus-4',
    provider: 'anthropic',
    apiModel: 'claude-opus-4-20250514',
    aliases: ['claude-opus-4', 'claude-opus-4-0', 'claude-opus-4-20250514'],
    label: 'Claude Opus 4',
    status: {
      state: 'retired',
      replacement: 'anthropic:claude-opus-4-8',
      since: '2026-06-15',
      note: RETIRED_NOTE,
    },
    price: {
      input: 15,
      cachedInput: 1.5,
      cacheWrite: 18.75,
      output: 75,
      source: 'platform.claude.com pricing page',
      readOn: REFERENCE_READ_ON,
    },
  },
  {
    id: 'anthropic:claude-sonnet-4',
    provider: 'anthropic',
    apiModel: 'claude-sonnet-4-20250514',
    aliases: ['claude-sonnet-4', 'claude-sonnet-4-0', 'claude-sonnet-4-20250514'],
    label: 'Claude Sonnet 4',
    status: {
      state: 'retired',
      replacement: 'anthropic:claude-sonnet-4-6',
      since: '2026-06-15',
      note: RETIRED_NOTE,
    },
    price: {
      input: 3,
      cachedInput: 0.3,
      cacheWrite: 3.75,
      output: 15,
      source: 'platform.claude.com pricing page',
      readOn: REFERENCE_READ_ON,
    },
  },
  {
    id: 'anthropic:claude-3-haiku',
    provider: 'anthropic',
    apiModel: 'claude-3-haiku-20240307',
    aliases: ['claude-3-haiku', 'claude-3-haiku-20240307'],
    label: 'Claude Haiku 3',
    status: {
      state: 'retired',
      replacement: 'anthropic:claude-haiku-4-5',
      since: '2026-04-20',
      note: RETIRED_NOTE,
    },
    price: {
      input: 0.25,
      cachedInput: 0.03,
      cacheWrite: 0.3,
      output: 1.25,
      source: 'platform.claude.com pricing page',
      readOn: REFERENCE_READ_ON,
    },
  },
  {
    id: 'anthropic:claude-3-5-haiku',
    provider: 'anthropic',
    apiModel: 'claude-3-5-haiku-20241022',
    aliases: ['claude-3-5-haiku', 'claude-3-5-haiku-20241022'],
    label: 'Claude Haiku 3.5',
    status: {
      state: 'retired',
      replacement: 'anthropic:claude-haiku-4-5',
      since: '2026-02-19',
      note: RETIRED_NOTE,
    },
    price: {
      input: 0.8,
      cachedInput: 0.08,
      cacheWrite: 1,
      output: 4,
      source: 'platform.claude.com pricing page',
      readOn: REFERENCE_READ_ON,
    },
  },
  {
    id: 'anthropic:claude-sonnet-4-5',
    provider: 'anthropic',
    apiModel: 'claude-sonnet-4-5-20250929',
    aliases: ['claude-sonnet-4-5', 'claude-sonnet-4-5-20250929'],
    label: 'Claude Sonnet 4.5',
    // The installed @anthropic-ai/sdk warns about it too ("end-of-life on November 30th, 2026").
    status: {
      state: 'deprecated',
      replacement: 'anthropic:claude-sonnet-5-5',
      retiresOn: '2026-11-30',
      since: '2026-09-30',
    },
    price: {
      input: 3,
      cachedInput: 0.3,
      cacheWrite: 3.75,
      output: 15,
      source: 'platform.claude.com pricing page',
      readOn: REFERENCE_READ_ON,
    },
  },
  {
    id: 'anthropic:claude-haiku-4-5',
    provider: 'anthropic',
    apiModel: 'claude-haiku-4-5-20251001',
    aliases: ['claude-haiku-4-5', 'claude-haiku-4-5-20251001'],
    label: 'Claude Haiku 4.5',
    status: { state: 'active' },
    price: {
      input: 1,
      cachedInput: 0.1,
      cacheWrite: 1.25,
      output: 5,
      source: claudeModelPage('haiku-4-5'),
      readOn: READ_TODAY,
    },
  },
  {
    id: 'anthropic:claude-opus-4-5',
    provider: 'anthropic',
    apiModel: 'claude-opus-4-5-20251101',
    aliases: ['claude-opus-4-5', 'claude-opus-4-5-20251101'],
    label: 'Claude Opus 4.5',
    status: { state: 'active' },
    price: {
      input: 5,
      cachedInput: 0.5,
      cacheWrite: 6.25,
      output: 25,
      source: claudeModelPage('opus-4-5'),
      readOn: READ_TODAY,
    },
  },
  {
    id: 'anthropic:claude-opus-4-8',
    provider: 'anthropic',
    apiModel: 'claude-opus-4-8',
    aliases: ['claude-opus-4-8'],
    label: 'Claude Opus 4.8',
    status: { state: 'active' },
    price: {
      input: 5,
      cachedInput: 0.5,
      cacheWrite: 6.25,
      output: 25,
      source: ANTHROPIC_PRICING,
      readOn: READ_TODAY,
    },
  },
  {
    id: 'anthropic:claude-sonnet-4-6',
    provider: 'anthropic',
    apiModel: 'claude-sonnet-4-6',
    aliases: ['claude-sonnet-4-6'],
    label: 'Claude Sonnet 4.6',
    status: { state: 'active' },
    price: {
      input: 3,
      cachedInput: 0.3,
      cacheWrite: 3.75,
      output: 15,
      source: ANTHROPIC_PRICING,
      readOn: READ_TODAY,
    },
  },
  {
    id: 'anthropic:claude-opus-5',
    provider: 'anthropic',
    apiModel: 'claude-opus-5',
    aliases: ['claude-opus-5'],
    label: 'Claude Opus 5',
    status: { state: 'active' },
    price: {
      input: 5,
      cachedInput: 0.5,
      cacheWrite: 6.25,
      output: 25,
      source: claudeModelPage('opus-5'),
      readOn: READ_TODAY,
    },
  },
  {
    id: 'anthropic:claude-sonnet-5',
    provider: 'anthropic',
    apiModel: 'claude-sonnet-5',
    aliases: ['claude-sonnet-5'],
    label: 'Claude Sonnet 5',
    status: { state: 'active' },
    price: {
      input: 2,
      cachedInput: 0.2,
      cacheWrite: 2.5,
      output: 10,
      source: claudeModelPage('sonnet-5'),
      readOn: READ_TODAY,
    },
  },
  {
    id: 'anthropic:claude-opus-5-5',
    provider: 'anthropic',
    apiModel: 'claude-opus-5-5',
    aliases: ['claude-opus-5-5'],
    label: 'Claude Opus 5.5',
    status: { state: 'active' },
    price: {
      input: 4,
      cachedInput: 0.2,
      cacheWrite: 5,
      output: 20,
      source: claudeModelPage('opus-5-5'),
      readOn: READ_TODAY,
    },
  },
  {
    id: 'anthropic:claude-sonnet-5-5',
    provider: 'anthropic',
    apiModel: 'claude-sonnet-5-5',
    aliases: ['claude-sonnet-5-5'],
    label: 'Claude Sonnet 5.5',
    status: { state: 'active' },
    // Cache hits at 0.05x input since 2026-10-07 (pricing page: "$0.10 / MTok", footnote 2, and the
    // model pages: "5% on Claude Opus 5.5 and Claude Sonnet 5.5"); it was $0.20 before that day.
    price: {
      input: 2,
      cachedInput: 0.1,
      cacheWrite: 2.5,
      output: 10,
      source: ANTHROPIC_PRICING,
      readOn: READ_TODAY,
    },
  },
  {
    id: 'anthropic:claude-haiku-5-5',
    provider: 'anthropic',
    apiModel: 'claude-haiku-5-5',
    aliases: ['claude-haiku-5-5'],
    label: 'Claude Haiku 5.5',
    status: { state: 'active' },
    // Two bands by prompt length, cache reads and writes counted: "for prompts up to 100,000
    // tokens" and "for prompts over 100,000 tokens"; the higher band bills the whole request.
    price: {
      input: 0.1,
      cachedInput: 0.01,
      cacheWrite: 0.125,
      output: 0.5,
      tiers: [
        {
          aboveInputTokens: 100_000,
          input: 0.5,
          cachedInput: 0.05,
          cacheWrite: 0.625,
          output: 2.5,
        },
      ],
      source: claudeModelPage('haiku-5-5'),
      readOn: READ_TODAY,
    },
  },
  {
    id: 'ollama:gpt-oss:20b',
    provider: 'ollama',
    apiModel: 'gpt-oss:20b',
    aliases: ['gpt-oss:20b'],
    label: 'gpt-oss 20B',
    status: { state: 'active' },
    price: { local: true },
  },
  {
    id: 'ollama:gpt-oss:120b',
    provider: 'ollama',
    apiModel: 'gpt-oss:120b',
    aliases: ['gpt-oss:120b'],
    label: 'gpt-oss 120B',
    status: { state: 'active' },
    price: { local: true },
  },
  // Not language models: a case's gold solution, and no answer at all (src/providers/builtin.ts).
  {
    id: 'builtin:reference',
    provider: 'builtin',
    apiModel: 'reference',
    aliases: ['reference'],
    label: 'reference (built-in: the gold solution)',
    status: { state: 'active' },
    price: { local: true },
  },
  {
    id: 'builtin:null',
    provider: 'builtin',
    apiModel: 'null',
    aliases: ['null'],
    label: 'null (built-in: answers nothing)',
    status: { state: 'active' },
    price: { local: true },
  },
];

/** Where the built-in statuses were read (shown by docs and reports that cite them). */
export const LIFECYCLE_SOURCES = Object.freeze({
  openai: OPENAI_DEPRECATIONS,
  anthropic: ANTHROPIC_DEPRECATIONS,
});

/** The built-in models, checked by the schema when this module loads. */
export const builtinModels: readonly ModelEntry[] = deepFreeze(
  z.array(ModelEntrySchema).parse(builtinEntries),
);
