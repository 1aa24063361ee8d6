/** How `nanograde run` reads its model ids (the whole command is run end to end in cli.test.ts). */
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/cli-io.js';
import { parseRunArgs } from '../../src/cli/run-args.js';
import { InputError } from '../../src/input/input-error.js';

const io: CliIO = { out: () => {}, err: () => {}, env: {}, cwd: process.cwd(), color: false };

describe('nanograde run: arguments', () => {
  it('names the model a typo likely meant, rather than advise running the typo as provider:model', async () => {
    const typo = parseRunArgs(['Count the lines', '-m', 'gpt-6.1-tera'], io);
    await expect(typo).rejects.toThrow(InputError);
    await expect(typo).rejects.toThrow(
      /^nanograde run: Unknown model "gpt-6\.1-tera" — did you mean 'gpt-6\.1-terra'\?\nKnown models: .*openai:gpt-6\.1-terra[^\n]*\n`npx nanograde models` lists the catalog/,
    );
    expect(((await typo.catch((error) => error)) as Error).message).not.toContain(
      'openai:gpt-6.1-tera',
    );
    await expect(
      parseRunArgs(['Count the lines', '-m', 'gpt-6.1-terra', '--judge', 'claude-sonet-5-5'], io),
    ).rejects.toThrow(
      /^nanograde run: --judge: Unknown model .* did you mean 'claude-sonnet-5-5'\?/,
    );
  });

  it('keeps the catalog and how to add to it when nothing is close', async () => {
    await expect(parseRunArgs(['Count the lines', '-m', 'mistral-large'], io)).rejects.toThrow(
      /Unknown model "mistral-large"[\s\S]*Known models:[\s\S]*createCatalog/,
    );
  });

  it('says a bad --workspace like every other bad argument, naming the command', async () => {
    await expect(
      parseRunArgs(['Count the lines', '-m', 'gpt-6.1-terra', '-w', 'no/such/folder'], io),
    ).rejects.toThrow(
      /^nanograde run: The workspace \/.*\/no\/such\/folder does not exist; give an existing folder\.$/,
    );
  });
});
