/**
 * The grade table and annotations with Vitest's machine-readable reporters: a plain `vitest run`
 * of the adopter project with --reporter=junit, json, blob and a reporter that collects every
 * annotation, against the strict OpenAI fake on 127.0.0.1. Four reporters load in the child, so
 * it runs with the slow tests; vitest-fit.test.ts covers --reporter=verbose in npm test.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestAnnotation } from 'vitest';
import { describe, expect, it } from 'vitest';
import {
  ADOPTER_API_KEY as API_KEY,
  ADOPTER_ROOT as ROOT,
  tables,
  useAdopterProject,
} from './adopter-project.js';
import { spawnVitest } from './run-vitest.js';

const { work, env, modelRequests } = useAdopterProject();

describe('the grade table, whatever --reporter says', () => {
  it('--reporter=junit, json and blob keep it too; the annotations reach every reporter', async () => {
    const out = join(work(), 'machine');
    const annotationsFile = join(work(), 'annotations.json');
    const before = modelRequests().length;
    // A plain `vitest run` (no --project) where NANOGRADE_MODELS asks for the model: it runs.
    const result = await spawnVitest(
      [
        'run',
        '--root',
        ROOT,
        '--no-cache',
        '--reporter=junit',
        `--outputFile.junit=${join(work(), 'junit.xml')}`,
        '--reporter=json',
        `--outputFile.json=${join(work(), 'results.json')}`,
        '--reporter=blob',
        `--outputFile.blob=${join(work(), 'blobs', 'blob.json')}`,
        '--reporter=./annotations-reporter.ts',
        'greeting',
      ],
      {
        cwd: ROOT,
        env: env({
          CI: 'true',
          NANOGRADE_OUT: out,
          NANOGRADE_MODELS: 'gpt-5-mini,reference,null',
          TEST_ANNOTATIONS_FILE: annotationsFile,
        }),
      },
    );
    expect(modelRequests().length).toBe(before + 2);
    expect(result.exitCode, result.output).toBe(0);
    expect(tables(result.stdout)).toBe(1);
    expect(await readdir(out)).toContain('report.json');
    expect(await readdir(join(work(), 'blobs'))).toEqual(['blob.json']);
    // JUnit shows annotations as properties: the grade, cost and tokens of the run.
    const junit = await readFile(join(work(), 'junit.xml'), 'utf8');
    expect(junit).toMatch(
      /<property name="nanograde" value="grade A · cost \$0\.00021 · tokens 650 in \(0 cached\) \/ 25 out \(0 reasoning\) · 2 turns · 1 tool call · \d+ms">/,
    );
    const annotations = JSON.parse(await readFile(annotationsFile, 'utf8')) as Record<
      string,
      TestAnnotation[]
    >;
    const real = annotations['greeting › gpt-5-mini'] ?? [];
    expect(real.map((a) => a.type)).toEqual(['nanograde', 'nanograde:transcript']);
    const transcript = real[1]?.attachment;
    expect(transcript).toMatchObject({ contentType: 'application/json', bodyEncoding: 'utf-8' });
    const messages = JSON.parse(String(transcript?.body)) as { role: string }[];
    expect(messages.map((message) => message.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
      'assistant',
    ]);
    expect(String(transcript?.body)).not.toContain(API_KEY);
    expect(annotations['greeting › reference']?.[0]?.message).toMatch(
      /^built-in reference · 2 turns · 1 tool call · \d+ms$/,
    );
  });
});
