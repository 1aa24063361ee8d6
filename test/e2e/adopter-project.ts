/**
 * The adopter project (test/e2e/projects/adopter), a user's project set up as the README says,
 * and the strict OpenAI fake it runs against on 127.0.0.1, for child `vitest` runs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { type ServedFake, serveFake } from '../fakes/serve-fake.js';
import { readerBrain } from './projects/reader-brain.js';
import { e2eProject } from './run-vitest.js';

export const ADOPTER_ROOT = e2eProject('adopter');
export const ADOPTER_API_KEY = 'sk-adopter-0123456789';

/** The README's adopter config: a list of models, nothing said about the built-ins. */
const ADOPTER = JSON.stringify({ models: ['gpt-5-mini'] });

/** How many grade tables an output holds. */
export const tables = (output: string) => output.split('── greeting · bar: checks pass').length - 1;

/** The adopter project's fake and scratch folder, served and made before this file's tests. */
export function useAdopterProject() {
  const fake = createOpenAIFake({ brain: readerBrain(), apiKey: ADOPTER_API_KEY });
  let served: ServedFake | undefined;
  let work = '';
  beforeAll(async () => {
    served = await serveFake(fake.handler);
    work = await mkdtemp(join(tmpdir(), 'nanograde-adopter-'));
  });
  afterAll(async () => {
    await served?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });
  return {
    /** A scratch folder for reports and reporter output. */
    work: () => work,
    /** The child's variables: the fake, its key, the adopter config, and `extra`. */
    env: (extra: Record<string, string> = {}): Record<string, string> => ({
      OPENAI_BASE_URL: `${served?.url}/v1`,
      OPENAI_API_KEY: ADOPTER_API_KEY,
      TEST_AGENTS_OPTIONS: ADOPTER,
      ...extra,
    }),
    /** The model requests the fake has answered so far. */
    modelRequests: () => fake.log.requests.filter((entry) => entry.request.method === 'POST'),
  };
}
