import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NanogradeConfigError } from '../../src/env/config-error.js';
import {
  checkNanogradeEnv,
  NANOGRADE_VARIABLES,
  nanogradeVariable,
} from '../../src/env/nanograde-env.js';
import { JUNK } from './junk-env.js';

let dir: string;
let baseline: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nanograde-env-'));
  baseline = join(dir, 'report.json');
  await writeFile(baseline, '{}');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('NANOGRADE_* variables', () => {
  it.for(JUNK)(
    '%s=%s is a configuration error naming it and what it takes',
    ([name, value, says]) => {
      const check = () => checkNanogradeEnv({ [name]: value }, { cwd: dir });
      expect(check).toThrow(NanogradeConfigError);
      expect(check).toThrow(
        name === 'NANOGRADE_MODLES'
          ? `NANOGRADE_MODLES is not`
          : `${name}=${JSON.stringify(value)}: `,
      );
      expect(check).toThrow(says);
    },
  );

  it('an unknown name far from every known one gets the list, and no guess', () => {
    const check = () => checkNanogradeEnv({ NANOGRADE_COLOUR: 'never' }, { cwd: dir });
    expect(check).toThrow(
      /^invalid environment:\n {2}NANOGRADE_COLOUR is not a nanograde variable\. Known: NANOGRADE_MODELS, NANOGRADE_JUDGE, /,
    );
    expect(check).not.toThrow(/did you mean/);
    // The guess is made on the part after NANOGRADE_, so the shared prefix does not make every
    // short name look close (NANOGRADE_FOO is three edits from NANOGRADE_OUT's OUT).
    expect(() => checkNanogradeEnv({ NANOGRADE_FOO: 'x' }, { cwd: dir })).not.toThrow(
      /did you mean/,
    );
    expect(() => checkNanogradeEnv({ NANOGRADE_REPEAT: '2' }, { cwd: dir })).toThrow(
      'NANOGRADE_REPEAT is not a nanograde variable — did you mean NANOGRADE_REPEATS?',
    );
  });

  it('a known name with a word added is guessed too: NANOGRADE_OUT_DIR means NANOGRADE_OUT', () => {
    expect(() => checkNanogradeEnv({ NANOGRADE_OUT_DIR: 'reports' }, { cwd: dir })).toThrow(
      'NANOGRADE_OUT_DIR is not a nanograde variable — did you mean NANOGRADE_OUT?',
    );
    // The longest known name it starts with: NANOGRADE_FIXTURES_DIR_PATH means the folder.
    expect(() =>
      checkNanogradeEnv({ NANOGRADE_FIXTURES_DIR_PATH: 'cassettes' }, { cwd: dir }),
    ).toThrow('did you mean NANOGRADE_FIXTURES_DIR?');
  });

  it('reads good values, typed; blank ones count as unset', () => {
    expect(
      checkNanogradeEnv(
        {
          NANOGRADE_MODELS: ' gpt-5-mini, ollama:gpt-oss:20b ,',
          NANOGRADE_JUDGE: 'openai:gpt-6.1-terra',
          NANOGRADE_FIXTURES: ' Replay ',
          NANOGRADE_FIXTURES_DIR: 'cassettes/new',
          NANOGRADE_REPEATS: '5',
          NANOGRADE_BASELINE: baseline,
          NANOGRADE_OUT: 'out/reports',
          NANOGRADE_REQUIRE: 'all',
          NANOGRADE_NOW: '2026-11-23',
          // The README's advice for a small GPU: it must not stop every start as unknown.
          NANOGRADE_OLLAMA_NUM_CTX: '65536',
          NANOGRADE_JUNK_BUT_BLANK: ' ',
          PATH: '/usr/bin',
        },
        { cwd: dir },
      ),
    ).toEqual({
      NANOGRADE_MODELS: ['gpt-5-mini', 'ollama:gpt-oss:20b'],
      NANOGRADE_JUDGE: 'openai:gpt-6.1-terra',
      NANOGRADE_FIXTURES: 'replay',
      NANOGRADE_FIXTURES_DIR: 'cassettes/new',
      NANOGRADE_REPEATS: 5,
      NANOGRADE_BASELINE: baseline,
      NANOGRADE_OUT: 'out/reports',
      NANOGRADE_REQUIRE: 'all',
      NANOGRADE_NOW: '2026-11-23',
      NANOGRADE_OLLAMA_NUM_CTX: 65536,
    });
    expect(nanogradeVariable('NANOGRADE_REPEATS', { NANOGRADE_REPEATS: '' })).toBeUndefined();
  });

  it('names every bad variable at once', () => {
    expect(() =>
      checkNanogradeEnv({ NANOGRADE_REQUIRE: 'maybe', NANOGRADE_MODELS: ',,,' }, { cwd: dir }),
    ).toThrow(
      /^invalid environment:\n {2}NANOGRADE_MODELS=",,,": .*\n {2}NANOGRADE_REQUIRE="maybe": /,
    );
  });

  it('says which folder of NANOGRADE_OUT cannot be written', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, '');
    expect(() => checkNanogradeEnv({ NANOGRADE_OUT: join(file, 'out') }, { cwd: dir })).toThrow(
      `${file} exists and is not a folder`,
    );
    expect(checkNanogradeEnv({ NANOGRADE_OUT: 'out' }, { cwd: dir })).toEqual({
      NANOGRADE_OUT: 'out',
    });
  });

  it('describes every variable it knows', () => {
    for (const variable of Object.values(NANOGRADE_VARIABLES)) {
      expect(variable.allowed.length).toBeGreaterThan(5);
    }
  });
});
