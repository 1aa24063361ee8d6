import type { Capabilities, Effort, ThinkingMode, ToolChoiceMode } from './capabilities.js';
import { deepFreeze } from './deep-freeze.js';
import type { ModelEntry } from './model-schema.js';

// Every price below was read on the vendor's own page named in its `source`, on its `readOn` day.
// Statuses come from the vendors' deprecation pages, read on 2026-12-06:
const OPENAI_DEPRECATIONS = 'https://developers.openai.com/api/docs/deprecations';
const ANTHROPIC_DEPRECATIONS =
  'https://platform.claude.com/docs/en/about-claude/model-deprecations';
const ANTHROPIC_PRICING = 'https://platform.claude.com/docs/en/about-claude/pricing';
const openAIModelPage = (model: string) => `https://developers.openai.com/api/docs/models/${model}`;
const claudeModelPage = (slug: string) =>
  `https://platform.claude.com/docs/en/models/${slug}/overview`;
const READ_TODAY = '2026-12-06';
const READ_EARLIER = '2026-11-23';
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
  readOn = READ_TODAY,
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
    readOn,
  };
}

// ---------------------------------------------------------------------------------------------
// Capabilities: what each model's API accepts, read on 2026-12-06 from the pages in `source`.

// OpenAI: a forced function (`tool_choice: {type: 'function', name}`) is part of the Responses API
// for every model, and no source says a GPT-6 model refuses it (checked 2026-12-06), so OpenAI
// records keep it; a model that turned out to refuse it would be changed here, and the judge
// would ask it with tool_choice auto.
const ALL_TOOL_CHOICES: ToolChoiceMode[] = ['auto', 'none', 'required', 'tool'];
/** "tool_choice: type "tool" and "any" are not supported for this model." (HTTP 400) */
const UNFORCED_TOOL_CHOICES: ToolChoiceMode[] = ['auto', 'none'];
const LOW_TO_MAX: Effort[] = ['low', 'medium', 'high', 'xhigh', 'max'];
const LOW_TO_XHIGH: Effort[] = ['low', 'medium', 'high', 'xhigh'];
const OPENAI_CHECKLIST = 'https://developers.openai.com/api/docs/guides/deployment-checklist';

/** The GPT-5 family (2025-08-07): minimal…high, temperature only at its default 1. */
function gpt5Capabilities(model: string): Capabilities {
  const efforts: Effort[] = ['minimal', 'low', 'medium', 'high'];
  return {
    toolChoice: ALL_TOOL_CHOICES,
    structuredOutput: false,
    sampling: 'never',
    effort: { values: efforts, default: 'medium', chatCompletions: efforts },
    thinking: null,
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    source: openAIModelPage(model),
  };
}

/**
 * GPT-6 models. No GPT-6 model takes `minimal`. Those with `none` (Terra, Luna) take
 * temperature and top_p only at effort none; the others never. On Chat Completions `max` is
 * rejected by GPT-6 Astra and GPT-6.1 Sol and unconfirmed for the rest, so it is left out
 * there. `defaultEffort` null where the vendor's page does not say.
 */
function gpt6Capabilities(model: string, takesNone: boolean, defaultEffort: Effort | null) {
  const none: Effort[] = takesNone ? ['none'] : [];
  return {
    toolChoice: ALL_TOOL_CHOICES,
    structuredOutput: false,
    sampling: takesNone ? 'effort_none' : 'never',
    effort: {
      values: [...none, ...LOW_TO_MAX],
      default: defaultEffort,
      chatCompletions: [...none, ...LOW_TO_XHIGH],
    },
    thinking: null,
    contextWindow: 1_050_000,
    maxOutputTokens: 128_000,
    source: `${openAIModelPage(model)}; ${OPENAI_CHECKLIST}`,
  } satisfies Capabilities;
}

interface ClaudeRules {
  /** Whether `tool_choice` `any` / `tool` is accepted (HTTP 400 on Opus/Sonnet 5.5 and Fable 5.1). */
  forcedToolUse: boolean;
  thinking: ThinkingMode[];
  thinkingDefault: ThinkingMode;
  maxEffort?: Partial<Record<ThinkingMode, Effort>>;
  /** `output_config.effort` values; [] when the model rejects effort. */
  effort: Effort[];
  defaultEffort: Effort | null;
  contextWindow: number;
  maxOutputTokens: number;
  source: string;
}

/** A Claude model's record. No sampling parameters: API 2026-10-21 (SDK 1.x) removed them. */
function claudeCapabilities(rules: ClaudeRules): Capabilities {
  return {
    toolChoice: rules.forcedToolUse ? ALL_TOOL_CHOICES : UNFORCED_TOOL_CHOICES,
    structuredOutput: false,
    sampling: 'never',
    effort: { values: rules.effort, default: rules.defaultEffort },
    thinking: {
      modes: rules.thinking,
      default: rules.thinkingDefault,
      ...(rules.maxEffort ? { maxEffort: rules.maxEffort } : {}),
    },
    contextWindow: rules.contextWindow,
    maxOutputTokens: rules.maxOutputTokens,
    source: rules.source,
  };
}

const CLAUDE_THINKING =
  'https://platform.claude.com/docs/en/build-with-claude/thinking-troubleshooting';
const CLAUDE_EFFORT = 'https://platform.claude.com/docs/en/build-with-claude/effort';
const claudeWhatsNew = (slug: string) =>
  `https://platform.claude.com/docs/en/about-claude/models/whats-new-${slug}`;

/** Claude 4 and 4.5 models: manual (`enabled`) thinking only, off by default; 200K / 64K. */
function claude45Capabilities(slug: string, effort: Effort[], maxOutputTokens = 64_000) {
  return claudeCapabilities({
    forcedToolUse: true,
    thinking: ['enabled', 'disabled'],
    thinkingDefault: 'disabled',
    effort,
    defaultEffort: effort.length > 0 ? 'high' : null,
    contextWindow: 200_000,
    maxOutputTokens,
    source: `${claudeModelPage(slug)}; ${CLAUDE_THINKING}; ${CLAUDE_EFFORT}`,
  });
}

/** Retired models without thinking: their record only documents what they took. */
function claude3Capabilities(slug: string, maxOutputTokens: number): Capabilities {
  return {
    toolChoice: ALL_TOOL_CHOICES,
    structuredOutput: false,
    sampling: 'never',
    effort: { values: [], default: null },
    thinking: { modes: ['disabled'], default: 'disabled' },
    contextWindow: 200_000,
    maxOutputTokens,
    source: claudeModelPage(slug),
  };
}

/**
 * gpt-oss on Ollama: `think` takes low, medium or high (booleans are ignored; it always thinks);
 * 131,072 tokens of context (`model_info["gptoss.context_length"]`); no tool_choice in /api/chat.
 */
const GPT_OSS_CAPABILITIES: Capabilities = {
  toolChoice: ['auto'],
  structuredOutput: true,
  sampling: 'always',
  effort: { values: ['low', 'medium', 'high'], default: 'medium' },
  thinking: null,
  contextWindow: 131_072,
  maxOutputTokens: null,
  source: 'https://docs.ollama.com/capabilities/thinking; ollama show gpt-oss:20b',
};

/** The built-ins take any option and ignore it. */
const BUILTIN_CAPABILITIES: Capabilities = {
  toolChoice: ALL_TOOL_CHOICES,
  structuredOutput: false,
  sampling: 'always',
  effort: { values: ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'], default: null },
  thinking: { modes: ['adaptive', 'between_tools', 'enabled', 'disabled'], default: 'disabled' },
  contextWindow: null,
  maxOutputTokens: null,
  source: 'built-in models ignore every option',
};

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
    capabilities: gpt5Capabilities('gpt-5'),
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
      source: openAIModelPage('gpt-5-mini'),
      readOn: READ_TODAY,
    },
    capabilities: gpt5Capabilities('gpt-5-mini'),
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
      readOn: READ_EARLIER,
    },
    capabilities: gpt5Capabilities('gpt-5-nano'),
  },
  {
    id: 'openai:gpt-6.1-sol',
    provider: 'openai',
    apiModel: 'gpt-6.1-sol',
    aliases: ['gpt-6.1-sol'],
    label: 'GPT-6.1 Sol',
    status: { state: 'active' },
    price: gpt6Price('gpt-6.1-sol', 2, 0.1, 2.5, 10, READ_EARLIER),
    capabilities: gpt6Capabilities('gpt-6.1-sol', false, 'medium'),
  },
  {
    id: 'openai:gpt-6.1-terra',
    provider: 'openai',
    apiModel: 'gpt-6.1-terra',
    aliases: ['gpt-6.1-terra'],
    label: 'GPT-6.1 Terra',
    status: { state: 'active' },
    price: gpt6Price('gpt-6.1-terra', 1, 0.05, 1.25, 5),
    capabilities: gpt6Capabilities('gpt-6.1-terra', true, 'medium'),
  },
  {
    id: 'openai:gpt-6-luna',
    provider: 'openai',
    apiModel: 'gpt-6-luna',
    aliases: ['gpt-6-luna'],
    label: 'GPT-6 Luna',
    status: { state: 'active' },
    price: gpt6Price('gpt-6-luna', 0.1, 0.01, 0.125, 0.5),
    capabilities: gpt6Capabilities('gpt-6-luna', true, 'medium'),
  },
  {
    id: 'openai:gpt-6-astra',
    provider: 'openai',
    apiModel: 'gpt-6-astra',
    aliases: ['gpt-6-astra'],
    label: 'GPT-6 Astra',
    status: { state: 'active' },
    // "$10 / MTok input and $50 / MTok output, cache reads at $1 and cache writes at $12.50"
    // (the model page, as quoted by two price trackers that cite it).
    price: gpt6Price('gpt-6-astra', 10, 1, 12.5, 50),
    capabilities: gpt6Capabilities('gpt-6-astra', false, null),
  },
  // Released 2026-11-17; "there are no dated snapshot IDs".
  {
    id: 'openai:gpt-6.2-astra',
    provider: 'openai',
    apiModel: 'gpt-6.2-astra',
    aliases: ['gpt-6.2-astra'],
    label: 'GPT-6.2 Astra',
    status: { state: 'active' },
    // Input and output from the models index ($8 / $40); cached input $0.40 as reported at
    // launch; the cache write follows OpenAI's rule of 1.25x the input price (not yet listed).
    price: gpt6Price('gpt-6.2-astra', 8, 0.4, 10, 40),
    capabilities: gpt6Capabilities('gpt-6.2-astra', false, null),
  },
  {
    id: 'openai:gpt-6.2-sol',
    provider: 'openai',
    apiModel: 'gpt-6.2-sol',
    aliases: ['gpt-6.2-sol'],
    label: 'GPT-6.2 Sol',
    status: { state: 'active' },
    // "Input $2 · Cached input $0.1 · Cache writes $2.5 · Output $10" (30-minute writes).
    price: gpt6Price('gpt-6.2-sol', 2, 0.1, 2.5, 10),
    capabilities: gpt6Capabilities('gpt-6.2-sol', false, null),
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
      readOn: READ_EARLIER,
    },
    capabilities: claude45Capabilities('opus-4-1', [], 32_000),
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
    capabilities: claude45Capabilities('opus-4', [], 32_000),
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
    capabilities: claude45Capabilities('sonnet-4', []),
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
    capabilities: claude3Capabilities('haiku-3', 4_096),
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
    capabilities: claude3Capabilities('haiku-3-5', 8_192),
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
    capabilities: claude45Capabilities('sonnet-4-5', []),
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
      readOn: READ_EARLIER,
    },
    capabilities: claude45Capabilities('haiku-4-5', []),
  },
  {
    id: 'anthropic:claude-opus-4-5',
    provider: 'anthropic',
    apiModel: 'claude-opus-4-5-20251101',
    aliases: ['claude-opus-4-5', 'claude-opus-4-5-20251101'],
    label: 'Claude Opus 4.5',
    // Deprecated on 2026-11-23; the retirement covers the undated alias too.
    status: {
      state: 'deprecated',
      replacement: 'anthropic:claude-opus-5-5',
      retiresOn: '2027-01-22',
      since: '2026-11-23',
    },
    price: {
      input: 5,
      cachedInput: 0.5,
      cacheWrite: 6.25,
      output: 25,
      source: claudeModelPage('opus-4-5'),
      readOn: READ_TODAY,
    },
    capabilities: claude45Capabilities('opus-4-5', ['low', 'medium', 'high']),
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
      readOn: READ_EARLIER,
    },
    capabilities: claudeCapabilities({
      forcedToolUse: true,
      thinking: ['adaptive', 'disabled'],
      thinkingDefault: 'disabled',
      effort: LOW_TO_MAX,
      defaultEffort: 'high',
      contextWindow: 1_000_000,
      maxOutputTokens: 128_000,
      source: `${claudeModelPage('opus-4-8')}; ${CLAUDE_THINKING}; ${CLAUDE_EFFORT}`,
    }),
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
      readOn: READ_EARLIER,
    },
    capabilities: claudeCapabilities({
      forcedToolUse: true,
      // Manual `enabled` thinking is deprecated on Sonnet 4.6 but still works.
      thinking: ['adaptive', 'enabled', 'disabled'],
      thinkingDefault: 'disabled',
      effort: ['low', 'medium', 'high', 'max'],
      defaultEffort: 'high',
      contextWindow: 1_000_000,
      maxOutputTokens: 128_000,
      source: `${claudeModelPage('sonnet-4-6')}; ${CLAUDE_THINKING}; ${CLAUDE_EFFORT}`,
    }),
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
      readOn: READ_EARLIER,
    },
    capabilities: claudeCapabilities({
      forcedToolUse: true,
      // "thinking is on by default, and thinking can be disabled only at effort high or below"
      thinking: ['adaptive', 'disabled'],
      thinkingDefault: 'adaptive',
      maxEffort: { disabled: 'high' },
      effort: LOW_TO_MAX,
      defaultEffort: 'high',
      contextWindow: 1_000_000,
      maxOutputTokens: 128_000,
      source: `${claudeModelPage('opus-5')}; ${claudeWhatsNew('opus-5')}; ${CLAUDE_THINKING}`,
    }),
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
      readOn: READ_EARLIER,
    },
    capabilities: claudeCapabilities({
      forcedToolUse: true,
      thinking: ['adaptive', 'disabled'],
      thinkingDefault: 'adaptive',
      effort: LOW_TO_MAX,
      defaultEffort: 'high',
      contextWindow: 1_000_000,
      maxOutputTokens: 128_000,
      source: `${claudeModelPage('sonnet-5')}; ${CLAUDE_THINKING}; ${CLAUDE_EFFORT}`,
    }),
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
    capabilities: claudeCapabilities({
      forcedToolUse: false,
      // "thinking is always on": `disabled` and `enabled` are both a 400.
      thinking: ['adaptive'],
      thinkingDefault: 'adaptive',
      effort: LOW_TO_MAX,
      defaultEffort: 'medium',
      contextWindow: 1_000_000,
      maxOutputTokens: 128_000,
      source: `${claudeModelPage('opus-5-5')}; ${claudeWhatsNew('opus-5-5')}`,
    }),
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
    capabilities: claudeCapabilities({
      forcedToolUse: false,
      // `between_tools` replaces `disabled` (a 400), at effort low, medium or high only.
      thinking: ['adaptive', 'between_tools'],
      thinkingDefault: 'adaptive',
      maxEffort: { between_tools: 'high' },
      effort: LOW_TO_MAX,
      defaultEffort: 'high',
      contextWindow: 1_000_000,
      maxOutputTokens: 128_000,
      source: `${claudeModelPage('sonnet-5-5')}; ${claudeWhatsNew('sonnet-5-5')}`,
    }),
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
    capabilities: claudeCapabilities({
      forcedToolUse: true,
      thinking: ['adaptive', 'disabled'],
      thinkingDefault: 'adaptive',
      effort: LOW_TO_MAX,
      defaultEffort: 'medium',
      contextWindow: 1_000_000,
      maxOutputTokens: 128_000,
      source: `${claudeModelPage('haiku-5-5')}; ${CLAUDE_EFFORT}`,
    }),
  },
  // Anthropic's tier above Opus (released 2026-09-01). Its successor Fable 5.2 (2026-11-09) is
  // known only from third-party reports so far: run it as anthropic:claude-fable-5-2 (unknown
  // price, the cautious default capabilities) until its pages can be read.
  {
    id: 'anthropic:claude-fable-5-1',
    provider: 'anthropic',
    apiModel: 'claude-fable-5-1',
    aliases: ['claude-fable-5-1'],
    label: 'Claude Fable 5.1',
    status: { state: 'active' },
    // "Input pricing: $10 / MTok · Output pricing: $50 / MTok". Cache reads "at a quarter of the
    // cost" of Fable 5's $1.00 (that figure from a price tracker); the 5-minute write is
    // Anthropic's standard 1.25x the input price.
    price: {
      input: 10,
      cachedInput: 0.25,
      cacheWrite: 12.5,
      output: 50,
      source: claudeModelPage('fable-5-1'),
      readOn: READ_TODAY,
    },
    capabilities: claudeCapabilities({
      forcedToolUse: false,
      thinking: ['adaptive'],
      thinkingDefault: 'adaptive',
      effort: LOW_TO_MAX,
      defaultEffort: 'high',
      contextWindow: 1_000_000,
      maxOutputTokens: 128_000,
      source: `${claudeModelPage('fable-5-1')}; ${claudeWhatsNew('fable-5-1')}`,
    }),
  },
  {
    id: 'ollama:gpt-oss:20b',
    provider: 'ollama',
    apiModel: 'gpt-oss:20b',
    aliases: ['gpt-oss:20b'],
    label: 'gpt-oss 20B',
    status: { state: 'active' },
    price: { local: true },
    capabilities: GPT_OSS_CAPABILITIES,
  },
  {
    id: 'ollama:gpt-oss:120b',
    provider: 'ollama',
    apiModel: 'gpt-oss:120b',
    aliases: ['gpt-oss:120b'],
    label: 'gpt-oss 120B',
    status: { state: 'active' },
    price: { local: true },
    capabilities: GPT_OSS_CAPABILITIES,
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
    capabilities: BUILTIN_CAPABILITIES,
  },
  {
    id: 'builtin:null',
    provider: 'builtin',
    apiModel: 'null',
    aliases: ['null'],
    label: 'null (built-in: answers nothing)',
    status: { state: 'active' },
    price: { local: true },
    capabilities: BUILTIN_CAPABILITIES,
  },
];

/** Where the built-in statuses were read (shown by docs and reports that cite them). */
export const LIFECYCLE_SOURCES = Object.freeze({
  openai: OPENAI_DEPRECATIONS,
  anthropic: ANTHROPIC_DEPRECATIONS,
});

/**
 * The built-in models. The schema checks them in test/models/catalog.test.ts rather than here: the
 * entries are typed constants, and parsing them on every start cost `nanograde models` 16 ms.
 */
export const builtinModels: readonly ModelEntry[] = deepFreeze(builtinEntries);
