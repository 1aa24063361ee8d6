import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costOf } from '../../src/models/cost.js';
import { resolveModel } from '../../src/models/resolve-model.js';
import { type Report, readReport } from '../../src/records/report.js';
import { createAnthropicFake } from '../fakes/anthropic-fake.js';
import type { FakeLog, FakeUsage } from '../fakes/fake-types.js';
import { createOllamaFake } from '../fakes/ollama-fake.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { orderBrain } from '../fakes/order-brain.js';
import { type ServedFake, serveFake } from '../fakes/serve-fake.js';
import { closedPortUrl } from '../fakes/test-support.js';
import { REPO_ROOT, runVitest, testLine, type VitestRun } from './run-vitest.js';

/**
 * The examples (examples/*.agent.ts): the same agent written with the AI SDK, the OpenAI Agents
 * SDK and a plain openai loop, run by `vitest run --project examples` on OpenAI, Anthropic and
 * Ollama against the strict fakes — recorded, then replayed with no network.
 */

/** A --reporter flag replaces the config's reporters; agentsProject's plugin keeps the grade reporter. */
const REPORTERS = ['--reporter=verbose'];

const MODELS = ['openai:gpt-5-mini', 'anthropic:claude-haiku-4-5', 'ollama:gpt-oss:20b'];
/** An example: its file, case, agent function's name, and what marks its requests on the wire. */
export interface Example {
  file: string;
  case: string;
  agent: string;
  marker: string;
}

/** The plain openai loop: the example with no SDK but the provider's own. */
export const OPENAI_LOOP: Example = {
  file: 'examples/openai-loop.agent.ts',
  case: 'order total (openai SDK loop)',
  agent: 'openaiLoopAgent',
  marker: 'built on the openai SDK',
};

/** Every example. */
export const EXAMPLES: Example[] = [
  {
    file: 'examples/ai-sdk.agent.ts',
    case: 'order total (AI SDK)',
    agent: 'aiSdkAgent',
    marker: 'built with the AI SDK',
  },
  {
    file: 'examples/openai-agents.agent.ts',
    case: 'order total (OpenAI Agents SDK)',
    agent: 'openaiAgentsAgent',
    marker: 'built with the OpenAI Agents SDK',
  },
  OPENAI_LOOP,
];

/** The usage a fake answer reported, as the API it went through shows it (cache split or not). */
function normalised(usage: FakeUsage, path: string, provider: string) {
  // Ollama counts no cache; Claude's OpenAI compatibility layer reports none apart.
  const split =
    provider !== 'ollama' && !(provider === 'anthropic' && path.endsWith('/chat/completions'));
  return {
    inputTokens: usage.freshInput + usage.cachedInput + usage.cacheWrite,
    cachedInputTokens: split ? usage.cachedInput : 0,
    cacheWriteTokens: split ? usage.cacheWrite : 0,
    outputTokens: usage.output + usage.reasoning,
    reasoningTokens: usage.reasoning,
  };
}

/** What the fake's answers to one example on one model cost at the catalog's price, each billed on its own. */
function fakesCost(log: FakeLog, model: string, marker: string): { turns: number; cost: number } {
  const resolved = resolveModel(model);
  let cost = 0;
  let turns = 0;
  for (const { request, response } of log.requests) {
    if (response.status !== 200 || !response.usage || !request.bodyText.includes(marker)) continue;
    turns += 1;
    cost +=
      costOf(resolved, normalised(response.usage, request.url.pathname, resolved.provider)) ??
      Number.NaN;
  }
  return { turns, cost };
}

/**
 * Records `examples` (each file of the examples project) on the three providers, replays them,
 * and checks both runs.
 */
export function describeExamples(title: string, examples: Example[]): void {
  describe(title, () => {
    const fakes = {
      openai: createOpenAIFake({ brain: orderBrain }),
      anthropic: createAnthropicFake({ brain: orderBrain }),
      ollama: createOllamaFake({ brain: orderBrain, models: ['gpt-oss:20b'] }),
    };
    let servers: ServedFake[] = [];
    let cassettes: string;
    const out = { record: '', replay: '' };
    const runs: { record?: VitestRun; replay?: VitestRun } = {};
    const reports: { record?: Report; replay?: Report } = {};

    const env = (
      urls: { openai: string; anthropic: string; ollama: string },
      mode: string,
      outDir: string,
    ) => ({
      NANOGRADE_MODELS: [...MODELS, 'builtin:reference', 'builtin:null'].join(','),
      NANOGRADE_FIXTURES: mode,
      NANOGRADE_FIXTURES_DIR: cassettes,
      NANOGRADE_OUT: outDir,
      OPENAI_BASE_URL: `${urls.openai}/v1`,
      ANTHROPIC_BASE_URL: urls.anthropic,
      OLLAMA_HOST: urls.ollama,
      ...(mode === 'record' ? { OPENAI_API_KEY: 'sk-test', ANTHROPIC_API_KEY: 'sk-ant-test' } : {}),
    });

    async function readReportFile(dir: string, run: VitestRun): Promise<Report> {
      const text = await readFile(join(dir, 'report.json'), 'utf8').catch(() => {
        throw new Error(`the run wrote no report.json:\n${run.output}`);
      });
      const reading = readReport(JSON.parse(text));
      if (!reading.ok) throw new Error(reading.problem);
      return reading.data;
    }

    beforeAll(async () => {
      cassettes = await mkdtemp(join(tmpdir(), 'nanograde-examples-cassettes-'));
      out.record = await mkdtemp(join(tmpdir(), 'nanograde-examples-record-'));
      out.replay = await mkdtemp(join(tmpdir(), 'nanograde-examples-replay-'));
      servers = await Promise.all(Object.values(fakes).map((fake) => serveFake(fake.handler)));
      const [openai, anthropic, ollama] = servers.map((server) => server.url) as [
        string,
        string,
        string,
      ];
      const args = [...REPORTERS, ...examples.map((example) => example.file)];
      runs.record = await runVitest({
        root: REPO_ROOT,
        project: 'examples',
        env: env({ openai, anthropic, ollama }, 'record', out.record),
        args,
        timeoutMs: 120_000,
      });
      reports.record = await readReportFile(out.record, runs.record);
      // The replay: the fakes are gone, every provider URL is a closed port, there are no keys.
      await Promise.all(servers.map((server) => server.close()));
      servers = [];
      const closed = await closedPortUrl();
      runs.replay = await runVitest({
        root: REPO_ROOT,
        project: 'examples',
        env: env({ openai: closed, anthropic: closed, ollama: closed }, 'replay', out.replay),
        args,
        timeoutMs: 120_000,
      });
      reports.replay = await readReportFile(out.replay, runs.replay);
    }, 300_000);

    afterAll(async () => {
      await Promise.all(servers.map((server) => server.close()));
      await Promise.all(
        [cassettes, out.record, out.replay].map((dir) => rm(dir, { recursive: true, force: true })),
      );
    });

    it('passes every example on every model, and the built-ins find each case sound', () => {
      const run = runs.record as VitestRun;
      expect(run.exitCode, run.output).toBe(0);
      for (const example of examples) {
        for (const model of [
          ...MODELS.map((id) => id.slice(id.indexOf(':') + 1)),
          'reference',
          'null',
        ]) {
          expect(
            testLine(run.stdout, `${example.case} › ${model}`),
            `${example.case} › ${model}`,
          ).toMatch(/^\s*✓ /);
        }
      }
    });

    it('records what was tested: the user’s agent, by name', () => {
      const records = (reports.record as Report).records;
      for (const example of examples) {
        for (const model of MODELS) {
          const record = records.find((r) => r.case === example.case && r.model === model);
          expect(record?.agent).toEqual({ kind: 'custom', name: example.agent });
        }
        const summary = (reports.record as Report).cases.find((c) => c.name === example.case);
        expect(summary?.agent).toEqual({ kind: 'custom', name: example.agent });
      }
    });

    it('costs equal the fakes’ usage × the catalog price (to 1e-9), from metered turns, tool calls and usage', () => {
      const records = (reports.record as Report).records;
      const logs: Record<string, FakeLog> = {
        openai: fakes.openai.log,
        anthropic: fakes.anthropic.log,
        ollama: fakes.ollama.log,
      };
      for (const example of examples) {
        for (const model of MODELS) {
          const record = records.find((r) => r.case === example.case && r.model === model);
          const provider = model.slice(0, model.indexOf(':'));
          const expected = fakesCost(logs[provider] as FakeLog, model, example.marker);
          const where = `${example.case} on ${model}`;
          expect(expected.turns, where).toBe(2);
          expect(record?.metrics?.turns, where).toBe(2);
          expect(
            record?.run?.toolCalls.map((call) => [call.name, call.args, call.ok]),
            where,
          ).toEqual([['lookup_order', { id: '1042' }, true]]);
          expect(record?.run?.output, where).toBe('Order 1042: $41.50');
          if (provider === 'ollama') expect(record?.metrics?.costUsd, where).toBe(0);
          else {
            expect(expected.cost, where).toBeGreaterThan(0);
            expect(
              Math.abs((record?.metrics?.costUsd ?? Number.NaN) - expected.cost),
              where,
            ).toBeLessThan(1e-9);
          }
        }
      }
    });

    it('replayed with no network and no keys, reproduces the same records', () => {
      const run = runs.replay as VitestRun;
      expect(run.exitCode, run.output).toBe(0);
      // The models' records match exactly: the cassette brings back their traffic and durations.
      const comparable = (report: Report) =>
        report.records
          .filter((record) => !record.builtin)
          .map(({ fixture, ...record }) => ({ ...record, fixture: fixture?.path }));
      expect(comparable(reports.replay as Report)).toEqual(comparable(reports.record as Report));
      // The built-ins are never recorded (no traffic): they run again, at their own speed.
      const builtins = (report: Report) =>
        report.records
          .filter((record) => record.builtin)
          .map(({ run, metrics, ...record }) => ({
            ...record,
            output: run?.output,
            turns: metrics?.turns,
          }));
      expect(builtins(reports.replay as Report)).toEqual(builtins(reports.record as Report));
      const replayed = (reports.replay as Report).records.filter((record) => !record.builtin);
      expect(replayed).toHaveLength(examples.length * MODELS.length);
      expect(new Set(replayed.map((record) => record.fixture?.mode))).toEqual(
        new Set(['replayed']),
      );
    });
  });
}
