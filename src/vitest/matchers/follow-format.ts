import type { MatcherState } from 'vitest';
import type { AgentRun } from '../../records/agent-run.js';
import { describeRun, truncate } from './describe-run.js';
import { findJson, type JsonSource } from './find-json.js';
import { compileTemplate, parseFormat, templateText } from './format-template.js';
import { type MatcherOutcome, outcome } from './matcher-outcome.js';
import { MatcherUsageError } from './matcher-usage-error.js';
import { expectAgentRun, kindOf } from './received-values.js';
import { isSchema, type Schema, schemaIssues } from './schema-check.js';

/**
 * What `toFollowFormat` accepts: a RegExp (tested against the trimmed output), a template with
 * `{{slots}}` (grammar in format-template.ts), or a zod schema for JSON found in the output.
 */
export type OutputFormat = RegExp | string | Schema;

const SOURCE_NAMES: Record<JsonSource, string> = {
  'json block': 'the ```json block',
  'whole output': 'the output',
  embedded: 'the JSON inside the text',
};

const JSON_SHOWN = 200;

function block(text: string): string {
  return text
    .split('\n')
    .map((line) => `  │ ${line}`)
    .join('\n');
}

function followsPattern(run: AgentRun, pattern: RegExp): MatcherOutcome {
  // A /g or /y RegExp keeps state between calls; a copy without them tests the same thing statelessly.
  const stateless = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
  const match = stateless.exec(run.output.trim());
  return outcome(
    match !== null,
    () =>
      `expected the run's output to match ${pattern}, but it does not\n${describeRun(run, { toolCalls: false })}`,
    () =>
      `expected the run's output NOT to match ${pattern}, but it does: ${JSON.stringify(truncate(match?.[0] ?? '', JSON_SHOWN))}\n${describeRun(run, { toolCalls: false })}`,
  );
}

function followsTemplate(run: AgentRun, template: string): MatcherOutcome {
  const shown = block(templateText(compileTemplate(template)));
  const result = parseFormat(template, run.output);
  return outcome(
    result.ok,
    () =>
      `expected the run's output to follow the template, but it does not: ${result.ok ? '' : result.problem}\nTemplate:\n${shown}\n${describeRun(run, { toolCalls: false })}`,
    () => {
      const slots = Object.entries(result.ok ? result.slots : {})
        .map(([name, value]) => `${name}: ${JSON.stringify(truncate(value, 60))}`)
        .join(', ');
      return `expected the run's output NOT to follow the template, but it does (${slots || 'no slots'})\nTemplate:\n${shown}\n${describeRun(run, { toolCalls: false })}`;
    },
  );
}

function followsSchema(run: AgentRun, schema: Schema): MatcherOutcome {
  const search = findJson(run.output);
  const checked = search.found.map((found) => ({
    found,
    issues: schemaIssues(schema, found.value),
  }));
  const match = checked.find((check) => check.issues === null);
  const context = describeRun(run, { toolCalls: false });

  const failure = (): string => {
    const first = checked[0];
    if (first !== undefined) {
      const others =
        checked.length > 1
          ? `\n(${checked.length - 1} other JSON values did not match either)`
          : '';
      return `expected the JSON in the run's output to match the schema, but ${SOURCE_NAMES[first.found.source]} does not:\n${first.issues}\nJSON: ${truncate(first.found.text, JSON_SHOWN)}${others}\n${context}`;
    }
    if (search.invalid.length > 0) {
      const reasons = search.invalid
        .slice(0, 3)
        .map(
          (bad) =>
            `  • ${SOURCE_NAMES[bad.source]} is not valid JSON (${bad.error}): ${truncate(bad.text, 80)}`,
        )
        .join('\n');
      return `expected the run's output to contain JSON matching the schema, but it has no valid JSON:\n${reasons}\n${context}`;
    }
    return `expected the run's output to contain JSON matching the schema, but no JSON was found (looked for a \`\`\`json block, an object or array as the whole output, and {…} or […] inside the text)\n${context}`;
  };

  return outcome(
    match !== undefined,
    failure,
    () =>
      `expected the run's output NOT to contain JSON matching the schema, but ${SOURCE_NAMES[match?.found.source ?? 'embedded']} does: ${truncate(match?.found.text ?? '', JSON_SHOWN)}\n${context}`,
  );
}

/** Checks that the run's final output follows a format: a RegExp, a `{{slot}}` template, or a zod schema for its JSON. */
export function toFollowFormat(
  this: MatcherState,
  received: unknown,
  format: OutputFormat,
): MatcherOutcome {
  const run = expectAgentRun('toFollowFormat', received);
  if (format instanceof RegExp) return followsPattern(run, format);
  if (typeof format === 'string') return followsTemplate(run, format);
  if (isSchema(format)) return followsSchema(run, format);
  throw new MatcherUsageError(
    `toFollowFormat expects a RegExp, a template string or a zod schema, got ${kindOf(format)}`,
  );
}
