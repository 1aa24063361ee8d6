import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { promptSize } from '../../src/agent/prompt-size.js';

const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');

test('the system prompt and tool schemas stay small', () => {
  const size = promptSize();
  expect(size.systemPrompt).toBeLessThanOrEqual(80);
  expect(size.toolSchemas).toBeLessThanOrEqual(400);
});

test('the README states their measured size', () => {
  const { systemPrompt, toolSchemas } = promptSize();
  expect(readme).toContain(
    `the system prompt is ${systemPrompt} tokens and the five tool schemas ${toolSchemas} tokens`,
  );
});
