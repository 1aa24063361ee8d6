/**
 * The `nanograde` CLI end to end: `run` on two models served by the strict OpenAI and Anthropic
 * fakes on real 127.0.0.1 ports, `models`, and every kind of bad input (exit 2, nothing run,
 * nothing written). Most calls run `runCli` in this process with the environment a child would
 * get (stdout and stderr captured); a few run the built binary as a child process, to prove its
 * wiring: exit codes 0, 1 and 2, results on stdout and the rest on stderr, the shebang.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import type { CliIO } from '../../src/cli/cli-io.js';
import { runCli } from '../../src/cli/run-cli.js';
import { defaultCatalog } from '../../src/models/catalog.js';
import { BUILT_CLI_KEY } from '../build-dist.global-setup.js';
import { JUNK } from '../env/junk-env.js';
import { createAnthropicFake } from '../fakes/anthropic-fake.js';
import type { Brain, BrainTurn, ConversationView } from '../fakes/fake-types.js';
import { createOllamaFake } from '../fakes/ollama-fake.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { type ServedFake, serveFake } from '../fakes/serve-fake.js';

const OPENAI_KEY = 'sk-cli-test-0123456789';
const ANTHROPIC_KEY = 'sk-ant-cli-test-0123456789';
const PROMPT = 'Count the lines of notes.txt, write the count to count.txt and tell me.';
const NOTES = 'first\nsecond\n';
const WORDY = '. Let me know if there is anything else I can count for you!';

/**
 * The judge (asked through the forced record_grade tool): A for the exact answer, C for a
 * padded one, F otherwise. Its usage is hand-picked: on gpt-5-nano ($0.05 / $0.4 per M)
 * 2000 × 0.05 + 40 × 0.4 = 116 µ$ per verdict.
 */
const judgeTurn = (view: ConversationView): BrainTurn => {
  const shown = view.messages.find((message) => message.role === 'user')?.content ?? '';
  const grade = shown.includes(`notes.txt has 2 lines${WORDY}`)
    ? 'C'
    : shown.includes('notes.txt has 2 lines')
      ? 'A'
      : 'F';
  return {
    toolCalls: [{ name: 'record_grade', arguments: { reason: `graded ${grade}`, grade } }],
    usage: { freshInput: 2000, cachedInput: 0, cacheWrite: 0, output: 40, reasoning: 0 },
  };
};

/**
 * Reads notes.txt, writes its line count to count.txt, answers. The same usage on every
 * provider, so the costs differ only by price.
 */
const countBrain: Brain = (view): BrainTurn => {
  if (view.toolNames.includes('record_grade')) return judgeTurn(view);
  if (view.turn === 0) {
    return {
      toolCalls: [{ name: 'read_file', arguments: { file_path: 'notes.txt' } }],
      usage: { freshInput: 1000, cachedInput: 0, cacheWrite: 0, output: 100, reasoning: 0 },
    };
  }
  if (view.turn === 1) {
    const read = view.lastToolResults[0]?.content ?? '';
    const lines = read.split('\n').filter((line) => line === 'first' || line === 'second').length;
    return {
      toolCalls: [
        { name: 'write_file', arguments: { file_path: 'count.txt', content: `${lines}` } },
      ],
      usage: { freshInput: 200, cachedInput: 1000, cacheWrite: 0, output: 50, reasoning: 0 },
    };
  }
  const written = view.messages
    .flatMap((message) => (message.role === 'assistant' ? message.toolCalls : []))
    .find((call) => call.name === 'write_file')?.arguments as { content?: string } | undefined;
  // Claude pads its answer (the judge marks that down).
  const padding = view.model.startsWith('claude') ? WORDY : '';
  return {
    text: `notes.txt has ${written?.content ?? '?'} lines${padding}`,
    usage: { freshInput: 100, cachedInput: 1200, cacheWrite: 0, output: 10, reasoning: 0 },
  };
};

/** The grade table's row of a model (its label starts the line). */
function rowOf(table: string, model: string): string {
  return table.split('\n').find((line) => line.trimStart().startsWith(`${model} `)) ?? '';
}

/** The run on gpt-5-nano and claude-haiku-4-5 over the notes fixture, with more flags. */
const onTwoModels = (fixture: string, ...flags: string[]) => [
  'run',
  PROMPT,
  '-m',
  'gpt-5-nano,claude-haiku-4-5',
  '-w',
  fixture,
  ...flags,
];

/** Input the CLI must refuse (exit 2) before it runs or writes anything, and what it says. */
interface BadInput {
  name: string;
  args: string[];
  says: RegExp;
  env?: Record<string, string>;
}

const BAD_INPUT: BadInput[] = [
  { name: 'no command', args: [], says: /Usage: nanograde <command>/ },
  { name: 'an unknown command', args: ['frobnicate'], says: /unknown command "frobnicate"/ },
  { name: 'no prompt', args: ['run', '--models', 'gpt-5-mini'], says: /give the prompt/ },
  {
    name: 'an empty prompt',
    args: ['run', '', '--models', 'gpt-5-mini'],
    says: /the prompt is empty/,
  },
  {
    name: 'a blank prompt',
    args: ['run', ' \n ', '-m', 'gpt-5-mini'],
    says: /the prompt is empty/,
  },
  { name: 'two prompts', args: ['run', 'read', 'notes.txt'], says: /put the prompt in quotes/ },
  {
    name: 'an unknown model',
    args: ['run', PROMPT, '--models', 'gpt-5-mini,gpt-7-ultra'],
    says: /Unknown model "gpt-7-ultra"[\s\S]*Known models:/,
  },
  {
    name: 'a retired model',
    args: ['run', PROMPT, '--models', 'claude-3-haiku'],
    says: /retired[\s\S]*anthropic:claude-haiku-4-5/,
  },
  {
    name: 'an unknown judge',
    args: ['run', PROMPT, '-m', 'gpt-5-mini', '--judge', 'gpt-7-ultra'],
    says: /--judge: Unknown model "gpt-7-ultra"/,
  },
  {
    name: 'a bar without a judge',
    args: ['run', PROMPT, '-m', 'gpt-5-mini', '--bar', 'A'],
    says: /--bar needs --judge/,
  },
  {
    name: 'a bar off the scale',
    args: ['run', PROMPT, '-m', 'gpt-5-mini', '-j', 'gpt-5-nano', '--bar', 'E'],
    says: /--bar must be one of S, A, B, C, D, F, not "E"/,
  },
  {
    name: 'a judge that cannot run here',
    args: ['run', PROMPT, '-m', 'gpt-5-mini', '-j', 'claude-haiku-4-5'],
    env: { ANTHROPIC_API_KEY: '' },
    says: /the judge anthropic:claude-haiku-4-5 cannot run here: Set ANTHROPIC_API_KEY/,
  },
  {
    name: 'a built-in model',
    args: ['run', PROMPT, '--models', 'gpt-5-mini,reference'],
    says: /builtin:reference is a built-in model/,
  },
  {
    name: 'an empty model list',
    args: ['run', PROMPT, '--models', ' , '],
    says: /--models is empty/,
  },
  {
    name: 'a workspace that does not exist',
    args: ['run', PROMPT, '-m', 'gpt-5-mini', '-w', 'no/such/dir'],
    says: /workspace .*no\/such\/dir does not exist/,
  },
  {
    name: 'a workspace that is a file',
    args: ['run', PROMPT, '-m', 'gpt-5-mini', '-w', process.execPath],
    says: /is a file, not a folder/,
  },
  {
    name: 'an unknown flag',
    args: ['run', PROMPT, '--modles', 'gpt-5-mini'],
    says: /nanograde run: unknown option '--modles'; did you mean '--models'\?/,
  },
  {
    name: 'an unknown flag like none',
    args: ['run', PROMPT, '--frobnicate'],
    says: /unknown option '--frobnicate'; it takes --models, --workspace, .*--json \(an argument that starts with - goes after --\)/,
  },
  {
    name: 'a mistyped flag of models',
    args: ['models', '--jsno'],
    says: /nanograde models: unknown option '--jsno'; did you mean '--json'\?\n\nRun "nanograde models --help"/,
  },
  {
    name: 'a mistyped flag of compare',
    args: ['compare', 'a.json', 'b.json', '--tolerence', 'cost=5%'],
    says: /nanograde compare: unknown option '--tolerence'; did you mean '--tolerance'\?/,
  },
  {
    name: 'a mistyped command',
    args: ['comapre', 'a.json', 'b.json'],
    says: /unknown command "comapre"; did you mean "compare"\?/,
  },
  {
    name: 'an --expect that is no regular expression',
    args: ['run', PROMPT, '-m', 'gpt-5-mini', '--expect', '/(/'],
    says: /--expect \/\(\/ is not a valid regular expression/,
  },
  {
    name: 'an empty --expect',
    args: ['run', PROMPT, '-m', 'gpt-5-mini', '--expect', ' '],
    says: /--expect is empty/,
  },
  {
    name: 'a flag without its value',
    args: ['run', PROMPT, '--models'],
    says: /^nanograde run: --models needs a value\n/,
  },
  {
    name: 'a bad --max-turns',
    args: ['run', PROMPT, '-m', 'gpt-5-mini', '--max-turns', '1.5'],
    says: /--max-turns must be a positive whole number, not "1.5"/,
  },
  {
    name: 'a bad --timeout',
    args: ['run', PROMPT, '-m', 'gpt-5-mini', '--timeout', 'soon'],
    says: /--timeout must be a positive number, not "soon"/,
  },
  {
    name: 'an effort one of the models refuses',
    args: ['run', PROMPT, '-m', 'gpt-6.1-terra,gpt-6.1-sol', '--effort', 'none'],
    says: /modelOptions for openai:gpt-6\.1-sol: effort "none" is not accepted; it takes "low", "medium", "high", "xhigh", "max"/,
  },
  {
    name: 'an effort that is no effort',
    args: ['run', PROMPT, '-m', 'gpt-6.1-terra', '--effort', 'extreme'],
    says: /effort: Invalid option: expected one of "none"\|"minimal"/,
  },
  {
    name: 'a thinking mode the model refuses',
    args: ['run', PROMPT, '-m', 'claude-opus-5-5', '--thinking', 'disabled'],
    says: /thinking "disabled" is not accepted; it takes "adaptive"/,
  },
  // A negative number after a flag is the flag's value, judged by the flag's own rule, not
  // node:util's "argument is ambiguous" (which suggests writing --timeout=-1, still wrong).
  {
    name: 'a negative --timeout',
    args: ['run', PROMPT, '-m', 'gpt-5-mini', '--timeout', '-1'],
    says: /^nanograde run: --timeout must be a positive number, not "-1"\n/,
  },
  {
    name: 'a negative --max-turns',
    args: ['run', PROMPT, '-m', 'gpt-5-mini', '--max-turns', '-3'],
    says: /^nanograde run: --max-turns must be a positive whole number, not "-3"\n/,
  },
  {
    name: 'a negative fraction of a second as --timeout',
    args: ['run', PROMPT, '--timeout', '-.5', '-m', 'gpt-5-mini'],
    says: /^nanograde run: --timeout must be a positive number, not "-\.5"\n/,
  },
  {
    name: 'a flag, not a value, after --timeout',
    args: ['run', PROMPT, '--timeout', '--json'],
    says: /^nanograde run: --timeout needs a value, but the option '--json' follows it \(a value that starts with - is written --timeout=-…\)\n/,
  },
  {
    name: 'a --timeout past what a timer can wait',
    args: ['run', PROMPT, '-m', 'gpt-5-mini', '--timeout', '2147484'],
    says: /--timeout must be at most 2147483 seconds \(about 24\.8 days\), not "2147484"/,
  },
  ...JUNK.map(([variable, value, says]) => ({
    name: `${variable}=${JSON.stringify(value)}`,
    args: ['run', PROMPT, '-m', 'gpt-5-mini'],
    env: { [variable]: value },
    says: new RegExp(`^nanograde: invalid environment:\n.*${variable}[\\s\\S]*${says.source}`),
  })),
  {
    name: 'a junk variable, to the MCP server',
    args: ['mcp'],
    env: { NANOGRADE_REQUIRE: 'maybe' },
    says: /NANOGRADE_REQUIRE="maybe": neither all nor available/,
  },
  {
    name: 'an unknown model in NANOGRADE_MODELS',
    args: ['run', PROMPT],
    env: { NANOGRADE_MODELS: 'gpt-5-mini,gpt-7-ultra' },
    says: /nanograde run: NANOGRADE_MODELS: Unknown model "gpt-7-ultra"/,
  },
  { name: 'an argument to models', args: ['models', 'all'], says: /nanograde models: .*'all'/ },
  {
    name: 'a flag to mcp',
    args: ['mcp', '--port', '3000'],
    says: /nanograde mcp: unknown option '--port'; it takes --allow-home-and-root/,
  },
];

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The child's working directory and TMPDIR, fresh for each call: what it left there shows. */
  cwd: string;
  tmp: string;
}

describe('the nanograde CLI', () => {
  let openai: ReturnType<typeof createOpenAIFake>;
  let anthropic: ReturnType<typeof createAnthropicFake>;
  let openaiServed: ServedFake;
  let anthropicServed: ServedFake;
  let root: string;
  let fixture: string;

  /**
   * A fresh working directory and TMPDIR, and an explicit environment pointing at the fakes:
   * what one call of the CLI gets.
   */
  async function surroundings(extraEnv: Record<string, string>) {
    const cwd = await mkdtemp(join(root, 'cwd-'));
    const tmp = await mkdtemp(join(root, 'tmp-'));
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      TMPDIR: tmp,
      OPENAI_API_KEY: OPENAI_KEY,
      OPENAI_BASE_URL: `${openaiServed.url}/v1`,
      ANTHROPIC_API_KEY: ANTHROPIC_KEY,
      ANTHROPIC_BASE_URL: anthropicServed.url,
      // Nothing listens on port 9 (discard): Ollama is unreachable, at once.
      OLLAMA_HOST: 'http://127.0.0.1:9',
      // The day model lifecycles are judged on, pinned for the suite (vitest.config.ts).
      ...(process.env.NANOGRADE_NOW ? { NANOGRADE_NOW: process.env.NANOGRADE_NOW } : {}),
      ...extraEnv,
    };
    return { cwd, tmp, env };
  }

  /** Runs the built CLI as a child process in a fresh folder, with only that environment. */
  async function spawned(args: string[], extraEnv: Record<string, string> = {}): Promise<Finished> {
    const { cwd, tmp, env } = await surroundings(extraEnv);
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [inject(BUILT_CLI_KEY), ...args], { cwd, env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr, cwd, tmp }));
    });
  }

  /**
   * Runs the CLI in this process, as the binary would run it in a fresh folder: `runCli` with
   * stdout and stderr captured (not a terminal: no colours, no width) and that environment, in
   * `io.env` and in `process.env` too (the provider SDKs read their keys and URLs there, and the
   * workspace copies go to TMPDIR); nanograde's variables this environment lacks are unset, as
   * in the child's. One call at a time: it changes `process.env` while it runs.
   */
  async function inProcess(
    args: string[],
    extraEnv: Record<string, string> = {},
  ): Promise<Finished> {
    const { cwd, tmp, env } = await surroundings(extraEnv);
    for (const name of Object.keys(process.env)) {
      if (/^(NANOGRADE|OPENAI|ANTHROPIC|OLLAMA)_/.test(name) && !(name in env)) {
        vi.stubEnv(name, undefined);
      }
    }
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    let stdout = '';
    let stderr = '';
    const io: CliIO = {
      out: (text) => {
        stdout += text;
      },
      err: (text) => {
        stderr += text;
      },
      env,
      cwd,
      color: false,
    };
    try {
      // Else a copy of a workspace could land outside the folder the test looks into.
      expect(tmpdir()).toBe(tmp);
      const code = await runCli(args, io);
      return { code, stdout, stderr, cwd, tmp };
    } finally {
      vi.unstubAllEnvs();
    }
  }

  const requestsSeen = () =>
    [...openai.log.requests, ...anthropic.log.requests].map(
      ({ request }) => `${request.method} ${request.url.pathname}`,
    );

  beforeAll(async () => {
    openai = createOpenAIFake({ brain: countBrain, apiKey: OPENAI_KEY });
    anthropic = createAnthropicFake({ brain: countBrain, apiKey: ANTHROPIC_KEY });
    openaiServed = await serveFake(openai.handler);
    anthropicServed = await serveFake(anthropic.handler);
    root = await mkdtemp(join(tmpdir(), 'nanograde-cli-'));
    fixture = join(root, 'fixture');
    await mkdir(fixture);
    await writeFile(join(fixture, 'notes.txt'), NOTES);
  });

  beforeEach(async () => {
    openai.log.requests.length = 0;
    anthropic.log.requests.length = 0;
  });

  afterAll(async () => {
    await openaiServed?.close();
    await anthropicServed?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('runs one prompt on two models in parallel, each on its own copy, and prints JSON', async () => {
    const { code, stdout, stderr, cwd, tmp } = await spawned([
      'run',
      PROMPT,
      '--models',
      'gpt-5-mini,claude-haiku-4-5',
      '--workspace',
      fixture,
      '--json',
    ]);
    expect(code, stderr).toBe(0);
    const printed = JSON.parse(stdout) as {
      prompt: string;
      workspace: string;
      records: {
        case: string;
        model: string;
        provider: string;
        run: {
          output: string;
          turns: number;
          toolCalls: { name: string; args: unknown; ok: boolean }[];
          usage: Record<string, number>;
          costUsd: number;
          error: unknown;
        };
      }[];
    };
    expect(printed.prompt).toBe(PROMPT);
    expect(printed.workspace).toBe(fixture);
    expect(
      printed.records.map(({ model, provider, case: name }) => ({ model, provider, name })),
    ).toEqual([
      { model: 'openai:gpt-5-mini', provider: 'openai', name: PROMPT },
      { model: 'anthropic:claude-haiku-4-5', provider: 'anthropic', name: PROMPT },
    ]);
    expect(printed.records.map(({ run }) => run.output)).toEqual([
      'notes.txt has 2 lines',
      `notes.txt has 2 lines${WORDY}`,
    ]);
    for (const { run } of printed.records) {
      expect(run.error).toBeNull();
      expect(run.turns).toBe(3);
      expect(run.toolCalls.map(({ name, args, ok }) => ({ name, args, ok }))).toEqual([
        { name: 'read_file', args: { file_path: 'notes.txt' }, ok: true },
        { name: 'write_file', args: { file_path: 'count.txt', content: '2' }, ok: true },
      ]);
      expect(run.usage).toEqual({
        inputTokens: 3500, // 1000 + (200 + 1000) + (100 + 1200)
        cachedInputTokens: 2200,
        cacheWriteTokens: 0,
        outputTokens: 160,
        reasoningTokens: 0,
      });
    }
    const [mini, haiku] = printed.records;
    // gpt-5-mini, $0.25 / $0.025 / $2 per M: 1300 × 0.25 + 2200 × 0.025 + 160 × 2 = 700 µ$.
    expect(mini?.run.costUsd).toBe(0.0007);
    // claude-haiku-4-5, $1 / $0.10 / $5 per M: 1300 × 1 + 2200 × 0.1 + 160 × 5 = 2320 µ$.
    expect(haiku?.run.costUsd).toBe(0.00232);

    // Each provider was asked whether the model is there, then ran three turns.
    expect(
      openai.log.requests.map(({ request }) => `${request.method} ${request.url.pathname}`),
    ).toEqual([
      'GET /v1/models/gpt-5-mini',
      'POST /v1/responses',
      'POST /v1/responses',
      'POST /v1/responses',
    ]);
    expect(
      anthropic.log.requests.map(({ request }) => `${request.method} ${request.url.pathname}`),
    ).toEqual([
      'GET /v1/models/claude-haiku-4-5-20251001',
      'POST /v1/messages',
      'POST /v1/messages',
      'POST /v1/messages',
    ]);
    // They worked on copies: the fixture is as it was, and the copies are gone.
    expect(await readdir(fixture)).toEqual(['notes.txt']);
    expect(await readdir(tmp)).toEqual([]);
    expect(await readdir(cwd)).toEqual([]);
    // Progress went to stderr.
    expect(stderr).toMatch(/openai:gpt-5-mini: turn 1: calls read_file/);
    expect(stderr).toMatch(/anthropic:claude-haiku-4-5: done in 3 turn\(s\)/);
  });

  it('runs a local Ollama model through the binary, whose bundle carries the Ollama SDK', async () => {
    const ollama = createOllamaFake({ brain: countBrain });
    const served = await serveFake(ollama.handler);
    try {
      const { code, stdout, stderr } = await spawned(
        ['run', PROMPT, '-m', 'ollama:gpt-oss:20b', '-w', fixture, '--json'],
        { OLLAMA_HOST: served.url },
      );
      expect(code, stderr).toBe(0);
      const [record, ...others] = (
        JSON.parse(stdout) as {
          records: { model: string; run: { output: string; turns: number; error: unknown } }[];
        }
      ).records;
      expect(others).toEqual([]);
      expect(record).toMatchObject({
        model: 'ollama:gpt-oss:20b',
        run: { output: 'notes.txt has 2 lines', turns: 3, error: null },
      });
      const chats = ollama.log.requests.filter(
        ({ request }) => request.url.pathname === '/api/chat',
      );
      expect(chats).toHaveLength(3);
    } finally {
      await served.close();
    }
  });

  it("prints the reporter's grade table, with unavailable models skipped and why", async () => {
    const { code, stdout, stderr, tmp } = await inProcess([
      'run',
      PROMPT,
      '-m',
      'gpt-5-nano',
      '-m',
      'claude-haiku-4-5,ollama:gpt-oss:20b',
      '-w',
      fixture,
      '--expect',
      'notes.txt has 2 lines',
    ]);
    expect(code, stderr).toBe(0);
    expect(stdout).not.toContain('\u001b['); // not a terminal: no colours
    // Model, Perf, Spd, Cost, Ovr, …, USD, Turns, Tools, Status. Both did the job (--expect: A);
    // speed depends on timing. gpt-5-nano is the cheaper (cost S): 1300 × 0.05 + 2200 × 0.005
    // + 160 × 0.4 = 140 µ$; Haiku's 2320 µ$ is 16.6× that (cost F).
    const grade = '[SABCDF]';
    expect(rowOf(stdout, 'gpt-5-nano')).toMatch(
      new RegExp(`^ *gpt-5-nano +A +${grade} +S +${grade} .* \\$0\\.00014 +3 +2 +passed$`),
    );
    expect(rowOf(stdout, 'claude-haiku-4-5')).toMatch(
      new RegExp(`^ *claude-haiku-4-5 +A +${grade} +F +${grade} .* \\$0\\.0023 +3 +2 +passed$`),
    );
    expect(stdout).toMatch(/gpt-oss:20b[\s\S]*Ollama is not reachable at http:\/\/127\.0\.0\.1:9/);
    expect(stderr).toMatch(/ollama:gpt-oss:20b: skipped/);
    expect(await readdir(tmp)).toEqual([]);
  });

  it('grades nothing it cannot check: without --expect or --judge every run is "not judged"', async () => {
    const { code, stdout, stderr } = await inProcess(onTwoModels(fixture));
    // Both finished without an error: nothing failed, and nothing passed either.
    expect(code, stderr).toBe(0);
    for (const model of ['gpt-5-nano', 'claude-haiku-4-5']) {
      // Perf, Spd, Cost, Ovr: no grade at all; the status says why.
      expect(rowOf(stdout, model)).toMatch(
        new RegExp(`^ *${model} +not judged +— +— +— .* not judged$`),
      );
      expect(rowOf(stdout, model)).not.toMatch(/ [SABCDF] /);
    }
    expect(stdout).toMatch(/0 passed, 0 failed, 2 not judged, 0 skipped/);
    expect(stdout).toMatch(/not judged: nothing checked the answer; give --expect/);
    // The case's heading says what it asks for: nothing, not "checks pass".
    expect(stdout).toMatch(/^── .* · bar: none(?: ─+)?$/m);
    expect(stdout).not.toContain('checks pass');
    // No model is ranked on grades nobody gave.
    expect(stdout).not.toMatch(/\b1st\b/);

    const json = await inProcess(['run', PROMPT, '-m', 'gpt-5-nano', '-w', fixture, '--json']);
    const printed = JSON.parse(json.stdout) as { records: { verdict: string }[] };
    expect(printed.records.map((record) => record.verdict)).toEqual(['not judged']);

    // Nothing would have checked a model that could not run either: the heading says so too,
    // and its verdict stays "skipped".
    const skipped = await inProcess(['run', PROMPT, '-m', 'gpt-5-nano'], { OPENAI_API_KEY: '' });
    expect(skipped.stdout).toMatch(/^── .* · bar: none(?: ─+)?$/m);
    const skippedJson = await inProcess(['run', PROMPT, '-m', 'gpt-5-nano', '--json'], {
      OPENAI_API_KEY: '',
    });
    const skippedPrinted = JSON.parse(skippedJson.stdout) as { records: { verdict: string }[] };
    expect(skippedPrinted.records.map((record) => record.verdict)).toEqual(['skipped']);
  });

  it('fails a run whose answer misses --expect /regex/, saying what it said', async () => {
    const { code, stdout, stderr } = await inProcess(
      onTwoModels(fixture, '--expect', '/^notes\\.txt has 2 lines$/'),
    );
    // Claude pads its answer, so the anchored pattern misses it.
    expect(code, stderr).toBe(1);
    expect(rowOf(stdout, 'gpt-5-nano')).toMatch(/^ *gpt-5-nano +A +S +S +A .* passed$/);
    // A failed run gets F and no speed or cost grade, however quick or cheap it was.
    expect(rowOf(stdout, 'claude-haiku-4-5')).toMatch(/^ *claude-haiku-4-5 +F +— +— +F .* FAILED$/);
    expect(stdout.replace(/\n +/g, ' ')).toMatch(
      /claude-haiku-4-5: expected the answer to match \/\^notes\\\.txt has 2 lines\$\/, but it was "notes\.txt has 2 lines\. Let me know/,
    );
    expect(stderr).toMatch(/anthropic:claude-haiku-4-5: expected the answer to match/);
  });

  it('runs a provider:model id the catalog does not list, warning when it nearly names one', async () => {
    // The fake knows no claude-sonet-5-5: the vendor's own check finds it, with no chat request.
    const before = requestsSeen().length;
    const near = await inProcess(['run', PROMPT, '-m', 'anthropic:claude-sonet-5-5']);
    expect(near.stderr).toMatch(
      /^nanograde run: warning: anthropic:claude-sonet-5-5 is not in the catalog \(it runs with its cost unknown\) — did you mean 'anthropic:claude-sonnet-5-5'\?\n/,
    );
    expect(near.code).toBe(1);
    expect(requestsSeen().slice(before)).not.toContain('POST /v1/messages');
    // A name far from every catalog id is not second-guessed.
    const far = await inProcess(['run', PROMPT, '-m', 'anthropic:claude-house-model']);
    expect(far.stderr).not.toContain('warning');
  });

  it('exits 1 when no model can run, saying why', async () => {
    const { code, stdout, stderr } = await spawned(
      ['run', PROMPT, '--models', 'gpt-5-mini', '--json'],
      {
        OPENAI_API_KEY: '',
      },
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/openai:gpt-5-mini: skipped — Set OPENAI_API_KEY/);
    expect(stderr).toMatch(/No model could run here/);
    const printed = JSON.parse(stdout) as { records: { unavailable?: { reason: string } }[] };
    expect(printed.records[0]?.unavailable?.reason).toBe('missing_key');
    expect(requestsSeen()).toEqual([]);
  });

  it('exits 1 when a run fails, and reports the provider error', async () => {
    const { code, stdout } = await inProcess([
      'run',
      PROMPT,
      '--models',
      'gpt-5-mini',
      '--max-turns',
      '2',
      '--json',
    ]);
    expect(code).toBe(1);
    const printed = JSON.parse(stdout) as {
      records: { run: { turns: number; error: { kind: string } } }[];
    };
    // The brain needs three turns; two are allowed.
    expect(printed.records[0]?.run.turns).toBe(2);
    expect(printed.records[0]?.run.error.kind).toBe('max_turns');
  });

  it('judges every answer with --judge and fails the runs below the bar', async () => {
    const { code, stdout, stderr } = await inProcess([
      'run',
      PROMPT,
      '--models',
      'gpt-5-mini,claude-haiku-4-5',
      '-w',
      fixture,
      '--judge',
      'gpt-5-nano',
      '--json',
    ]);
    // Haiku's padded answer is judged C, below the default bar B.
    expect(code, stderr).toBe(1);
    const printed = JSON.parse(stdout) as {
      records: { model: string; judgements: Record<string, unknown>[] }[];
    };
    const verdicts = printed.records.map(({ model, judgements }) => ({
      model,
      judgements: judgements.map(({ status, grade, bar, judge, reason, costUsd }) => ({
        status,
        grade,
        bar,
        judge,
        reason,
        costUsd,
      })),
    }));
    const verdict = (grade: string) => ({
      status: 'graded',
      grade,
      bar: 'B',
      judge: 'openai:gpt-5-nano',
      reason: `graded ${grade}`,
      costUsd: 0.000116,
    });
    expect(verdicts).toEqual([
      { model: 'openai:gpt-5-mini', judgements: [verdict('A')] },
      { model: 'anthropic:claude-haiku-4-5', judgements: [verdict('C')] },
    ]);
    expect(stderr).toMatch(
      /claude-haiku-4-5: judged C by openai:gpt-5-nano \(is below the bar B\)/,
    );
    // The judge was checked first, then asked once per run, with the grade tool forced.
    const judgeRequests = openai.log.requests.filter(({ request }) =>
      request.bodyText.includes('"record_grade"'),
    );
    expect(judgeRequests.map(({ json }) => (json as { model: string }).model)).toEqual([
      'gpt-5-nano',
      'gpt-5-nano',
    ]);
    expect(openai.log.requests[0]?.request.url.pathname).toMatch(/^\/v1\/models\//);
  });

  it('puts the judge grades in the table, against the bar given', async () => {
    const { code, stdout, stderr } = await inProcess([
      'run',
      PROMPT,
      '-m',
      'gpt-5-mini,claude-haiku-4-5',
      '-w',
      fixture,
      '-j',
      'gpt-5-nano',
      '--bar',
      'c',
    ]);
    expect(code, stderr).toBe(0);
    expect(rowOf(stdout, 'gpt-5-mini')).toMatch(/^ *gpt-5-mini +A /);
    expect(rowOf(stdout, 'claude-haiku-4-5')).toMatch(/^ *claude-haiku-4-5 +C /);
  });

  it('lists the catalog with availability here and why not', async () => {
    const { code, stdout } = await inProcess(['models', '--json'], { ANTHROPIC_API_KEY: '' });
    expect(code).toBe(0);
    const listings = JSON.parse(stdout) as {
      id: string;
      status: string;
      price: unknown;
      available: boolean;
      reason?: string;
      message?: string;
    }[];
    expect(listings.map((listing) => listing.id)).toEqual(
      defaultCatalog.models.map((model) => model.id),
    );
    const byId = new Map(listings.map((listing) => [listing.id, listing]));
    // One status, the same day availability is judged on (NANOGRADE_NOW: 2026-12-06).
    expect(byId.get('openai:gpt-5-mini')).toMatchObject({
      available: true,
      status: 'deprecated, retires 2026-12-11 → openai:gpt-6.1-terra',
    });
    // Prices as numbers, USD per million tokens (a reader parses no "$0.25"); a cache write
    // the vendor does not bill apart is the input price, said outright.
    expect(byId.get('openai:gpt-5-mini')?.price).toEqual({
      unit: 'USD per million tokens',
      input: 0.25,
      cachedInput: 0.025,
      cacheWrite: 0.25,
      output: 2,
      source: 'https://developers.openai.com/api/docs/models/gpt-5-mini',
      readOn: '2026-12-06',
    });
    // A long request's rates, as tiers.
    expect(byId.get('openai:gpt-6.2-sol')).toMatchObject({
      status: 'active',
      price: {
        input: 2,
        cachedInput: 0.1,
        cacheWrite: 2.5,
        output: 10,
        tiers: [
          { aboveInputTokens: 272_000, input: 4, cachedInput: 0.2, cacheWrite: 5, output: 15 },
        ],
      },
    });
    expect(byId.get('anthropic:claude-sonnet-4-5')).toMatchObject({
      status: 'retired → anthropic:claude-sonnet-5-5',
      available: false,
      reason: 'retired',
    });
    expect(byId.get('anthropic:claude-opus-4-5')).toMatchObject({
      status: 'deprecated, retires 2027-01-22 → anthropic:claude-opus-5-5',
    });
    // No model is called active while its availability says retired.
    for (const listing of listings) {
      if (listing.reason === 'retired') expect(listing.status, listing.id).toMatch(/^retired/);
    }
    expect(byId.get('anthropic:claude-haiku-4-5')).toMatchObject({
      available: false,
      reason: 'missing_key',
      message: expect.stringContaining('ANTHROPIC_API_KEY'),
    });
    expect(byId.get('anthropic:claude-3-haiku')).toMatchObject({
      available: false,
      reason: 'retired',
      status: 'retired → anthropic:claude-haiku-4-5',
      message: expect.stringContaining('anthropic:claude-haiku-4-5'),
    });
    expect(byId.get('ollama:gpt-oss:20b')).toMatchObject({
      available: false,
      reason: 'unreachable',
      price: { local: true },
    });
    // Availability comes from asking the API: the fake knows gpt-5-mini.
    expect(openai.log.requests.map(({ request }) => request.url.pathname)).toContain(
      '/v1/models/gpt-5-mini',
    );
  });

  it('prints the catalog as a table within 100 columns, with the reasons grouped', async () => {
    const { code, stdout } = await inProcess(['models'], { ANTHROPIC_API_KEY: '' });
    expect(code).toBe(0);
    expect(Math.max(...stdout.split('\n').map((line) => [...line].length))).toBeLessThanOrEqual(
      100,
    );
    const lines = stdout.split('\n');
    // Under the OpenAI heading, the id without its prefix.
    const gpt5mini = lines.find((line) => line.startsWith('  gpt-5-mini '));
    expect(gpt5mini).toMatch(/GPT-5 mini\s+deprecated\s+\$0\.25 \/ \$0\.025 \/ \$2\s+available$/);
    expect(lines.indexOf('OpenAI')).toBeLessThan(lines.indexOf(gpt5mini ?? ''));
    expect(stdout).toContain(
      '\n  openai:gpt-5-mini: deprecated, retires 2026-12-11 → openai:gpt-6.1-terra\n',
    );
    expect(stdout).toContain(
      '\nPrice sources:\n  openai:gpt-5: developers.openai.com model page (gpt-5) (read 2026-11-01)\n',
    );
    expect(stdout).toMatch(/ollama:gpt-oss:20b, ollama:gpt-oss:120b: Ollama is not reachable/);
  });

  /** Exit 2, the message on stderr, nothing on stdout, no model asked, nothing written. */
  async function expectRefused(
    { code, stdout, stderr, cwd, tmp }: Finished,
    says: RegExp,
    check: typeof expect,
  ): Promise<void> {
    check(code).toBe(2);
    check(stderr).toMatch(says);
    check(stdout).toBe('');
    check(requestsSeen()).toEqual([]);
    check(await readdir(cwd)).toEqual([]);
    check(await readdir(tmp)).toEqual([]);
  }

  describe('bad input', () => {
    it.for(BAD_INPUT)(
      'rejects $name with exit 2, a clear message, and writes nothing',
      async ({ args, says, env }) => {
        await expectRefused(await inProcess(args, env), says, expect);
      },
    );
  });

  // The binary's own ways to exit 2: the usage, an error of the command line, and a variable it
  // read from its own environment (for the MCP server, which takes no other input).
  // Each call has its own folders and none reaches a fake, so they can run side by side.
  describe.concurrent('bad input, through the built binary', () => {
    const refusedByBinary = [
      'no command',
      'an unknown model',
      'a junk variable, to the MCP server',
    ];
    const throughBinary = BAD_INPUT.filter(({ name }) => refusedByBinary.includes(name));
    // A renamed case must not drop out of the binary's tests unnoticed.
    if (throughBinary.length !== refusedByBinary.length) {
      throw new Error(`bad input cases missing for the binary: ${refusedByBinary.join(', ')}`);
    }
    it.for(throughBinary)(
      'rejects $name with exit 2, a clear message, and writes nothing',
      async ({ args, says, env }, { expect }) => {
        await expectRefused(await spawned(args, env), says, expect);
      },
    );
  });

  describe('help of each command', () => {
    it.for([
      [
        'run',
        /^Usage: nanograde run "<prompt>" \[options\]\n[\s\S]*--expect <text>[\s\S]*--judge <model>/,
      ],
      ['models', /^Usage: nanograde models \[options\]\n[\s\S]*--json/],
      ['compare', /^Usage: nanograde compare <base> <head> \[options\]\n[\s\S]*--tolerance/],
      ['mcp', /^Usage: nanograde mcp \[options\]\n[\s\S]*--allow-home-and-root/],
    ] as const)('nanograde %s --help prints its usage with exit 0', async ([command, says]) => {
      // Help wins over everything else on the line, even a junk setting.
      const { code, stdout, stderr } = await inProcess([command, '--models', 'x', '--help'], {
        NANOGRADE_REQUIRE: 'maybe',
      });
      expect(code, stderr).toBe(0);
      expect(stdout).toMatch(says);
      expect(stdout).toMatch(/-h, --help +Show this help/);
      expect(stderr).toBe('');
      expect(Math.max(...stdout.split('\n').map((line) => [...line].length))).toBeLessThanOrEqual(
        100,
      );
    });
  });

  it('shows help and the version on stdout with exit 0, from a binary npm can put on PATH', async () => {
    // npm links package.json's bin and makes it executable; the shebang makes node run it.
    const binary = await readFile(inject(BUILT_CLI_KEY), 'utf8');
    expect(binary.split('\n')[0]).toBe('#!/usr/bin/env node');
    const help = await spawned(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/nanograde run "<prompt>"|run "<prompt>"/);
    const version = await spawned(['--version']);
    const manifest = JSON.parse(
      await readFile(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as {
      version: string;
    };
    expect(version.stdout).toBe(`${manifest.version}\n`);
  });
});
