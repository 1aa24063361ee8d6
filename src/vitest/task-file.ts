import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, extname } from 'node:path';
import { z } from 'zod';
import { describeOptionIssues } from '../config/option-issues.js';
import { NanogradeConfigError } from '../env/config-error.js';
import type { AgentCase } from './agent-case.js';

/** yaml loads with the first task file: suites without one never pay for it (a test worker's start-up). */
function parseYaml(text: string): unknown {
  const yaml: typeof import('yaml') = createRequire(import.meta.url)('yaml');
  return yaml.parse(text);
}

const FrontMatterSchema = z
  .object({
    name: z.string().min(1).optional(),
    workspace: z.string().min(1).optional(),
    models: z.array(z.string().min(1)).optional(),
    limits: z
      .object({
        maxTurns: z.number().int().positive().optional(),
        timeoutMs: z.number().int().positive().optional(),
        maxOutputTokensPerTurn: z.number().int().positive().optional(),
        maxCostUsd: z.number().positive().optional(),
      })
      .strict()
      .optional(),
    expected: z.string().optional(),
    rubric: z.string().optional(),
    // A gold solution whose answer is literal text (a function of the tool results needs code).
    reference: z
      .object({
        toolCalls: z
          .array(
            z.object({ name: z.string().min(1), args: z.record(z.string(), z.unknown()) }).strict(),
          )
          .optional(),
        answer: z.string(),
      })
      .strict()
      .optional(),
  })
  .strict();

/**
 * Reads a Markdown task: YAML front matter between `---` lines, then the prompt. A `reference`
 * gives the gold solution (tool calls, literal answer; a YAML alias can reuse `expected`). A relative
 * `workspace` means what it means in agentTest: relative to the Vitest root.
 */
export function readTaskFile(path: string): { name: string; spec: AgentCase } {
  const text = readFileSync(path, 'utf8').replace(/\r\n/g, '\n');
  const match = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(text);
  if (!match) {
    throw new Error(
      `${path}: a task file starts with YAML front matter between two '---' lines, then the prompt.`,
    );
  }
  const parsed = FrontMatterSchema.safeParse(parseYaml(match[1] ?? '') ?? {});
  if (!parsed.success) {
    const problems = describeOptionIssues(`${path} front matter`, FrontMatterSchema, parsed.error);
    throw new NanogradeConfigError(problems.join('\n'));
  }
  const prompt = (match[2] ?? '').trim();
  if (prompt === '')
    throw new Error(`${path}: the prompt (the text after the front matter) is empty.`);
  const { name, ...spec } = parsed.data;
  return { name: name ?? basename(path, extname(path)), spec: { ...spec, prompt } };
}
