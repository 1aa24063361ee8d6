import type { AgentRun, TranscriptMessage } from '../../src/records/agent-run.js';
import { CaseRecordSchema } from '../../src/records/case-record.js';
import { GRADES } from '../../src/records/grade.js';
import type { ReportEntry } from '../../src/records/report.js';

/** The models every generated case runs on: three OpenAI, three Anthropic, one Ollama, the reference. */
export const MODELS = [
  'openai:gpt-5',
  'openai:gpt-5-mini',
  'openai:gpt-5-nano',
  'anthropic:claude-opus-4-5',
  'anthropic:claude-sonnet-4-5',
  'anthropic:claude-haiku-4-5',
  'ollama:gpt-oss:20b',
  'builtin:reference',
];

/** A small deterministic pseudo-random generator, so every run benchmarks the same records. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function makeRun(model: string, next: () => number): AgentRun {
  const tools = ['read_file', 'list_directory', 'write_file', 'edit_file', 'get_file_info'];
  const toolCalls = Array.from({ length: 1 + Math.floor(next() * 6) }, (_, i) => ({
    name: tools[i % tools.length] ?? 'read_file',
    args: { file_path: `src/module-${i}.ts` },
    ok: next() > 0.1,
    durationMs: Math.round(next() * 20),
    turn: 1 + Math.floor(i / 2),
  }));
  const transcript: TranscriptMessage[] = [
    { role: 'system', content: 'You are the nano agent. '.repeat(20) },
    { role: 'user', content: 'Read the files and summarise the services they define. '.repeat(4) },
  ];
  toolCalls.forEach((call, i) => {
    transcript.push({
      role: 'assistant',
      content: '',
      reasoning: 'I should look at the next file. '.repeat(3),
      toolCalls: [{ id: `call_${i}`, name: call.name, arguments: JSON.stringify(call.args) }],
    });
    transcript.push({
      role: 'tool',
      toolCallId: `call_${i}`,
      name: call.name,
      content: `export const service${i} = { name: "svc-${i}", port: ${8000 + i} };\n`.repeat(12),
      isError: !call.ok,
    });
  });
  const output = `The services are: ${toolCalls.map((_, i) => `svc-${i}`).join(', ')}.`;
  transcript.push({ role: 'assistant', content: output, toolCalls: [] });
  const inputTokens = 2000 + Math.floor(next() * 20_000);
  const outputTokens = 100 + Math.floor(next() * 2000);
  return {
    model,
    output,
    turns: Math.ceil(toolCalls.length / 2) + 1,
    toolCalls,
    usage: {
      inputTokens,
      cachedInputTokens: Math.floor(inputTokens * next() * 0.8),
      cacheWriteTokens: 0,
      outputTokens,
      reasoningTokens: Math.floor(outputTokens * next() * 0.5),
    },
    costUsd: model.startsWith('ollama:') || model.startsWith('builtin:') ? 0 : next() * 0.05,
    durationMs: 1000 + next() * 60_000,
    transcript,
    error:
      next() < 0.03 ? { kind: 'timeout', message: 'the run took longer than 300000 ms' } : null,
  };
}

/** `cases` cases on the eight models, each record a realistic run (transcript, tool calls, judge). */
export function makeEntries(cases: number): ReportEntry[] {
  const next = random(42);
  const entries: ReportEntry[] = [];
  for (let c = 0; c < cases; c++) {
    const judged = c % 3 === 0;
    for (const model of MODELS) {
      const builtin = model === 'builtin:reference' ? ('reference' as const) : undefined;
      const skipped = model === 'anthropic:claude-opus-4-5' && c % 5 === 0;
      const run = skipped ? undefined : makeRun(model, next);
      const grade = GRADES[Math.floor(next() * GRADES.length)] ?? 'C';
      const record = CaseRecordSchema.parse({
        schemaVersion: 1,
        case: `case ${String(c).padStart(3, '0')}: summarise the services`,
        model,
        provider: model.slice(0, model.indexOf(':')),
        ...(builtin ? { builtin } : {}),
        ...(skipped
          ? { unavailable: { reason: 'missing_key', message: 'Set ANTHROPIC_API_KEY.' } }
          : {}),
        ...(run ? { run } : {}),
        ...(judged && run
          ? {
              judgements: [
                {
                  status: 'graded',
                  bar: 'B',
                  grade,
                  reason: 'Names most services; misses the port of one. '.repeat(3),
                  judge: 'openai:gpt-5-mini',
                  costUsd: 0.0004,
                  durationMs: 2500,
                },
              ],
            }
          : {}),
      });
      const failed = !!run?.error || next() < 0.2;
      entries.push(
        skipped
          ? { record, status: 'skipped', note: `${model} unavailable: Set ANTHROPIC_API_KEY.` }
          : failed
            ? {
                record,
                status: 'failed',
                errors: ['expected the answer to name svc-3\n\n- Expected\n+ Received'],
              }
            : { record, status: 'passed' },
      );
    }
  }
  return entries;
}
