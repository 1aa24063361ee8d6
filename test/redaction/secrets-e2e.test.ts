/**
 * No secret from a workspace appears in any written file. A real `vitest run` (recording
 * cassettes, with the grade reporter and JUnit) of an agent that reads a file of keys — one of
 * every format redacted — and says them back: in its answer, its tool results, a snapshot, a
 * failing assertion's diff, a matcher's message, and a judge's reason. Then every file the run
 * wrote is searched for every key.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, spawnVitest, type VitestRun } from '../e2e/run-vitest.js';
import type { Brain } from '../fakes/fake-types.js';
import { createOpenAIFake } from '../fakes/openai-fake.js';
import { type ServedFake, serveFake } from '../fakes/serve-fake.js';
import { gradeTurn } from '../judge/judge-fakes.js';

/** Random characters from `alphabet`: the keys are made here, so none is written in the repo. */
function random(length: number, alphabet: string): string {
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('');
}
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;

/** One key of every format the redaction covers, as a .env file would hold them. */
const KEYS: Record<string, string> = {
  OPENAI_API_KEY: `sk-proj-${random(48, `${ALNUM}_-`)}`,
  ANTHROPIC_API_KEY: `sk-ant-api03-${random(80, `${ALNUM}_-`)}`,
  AWS_ACCESS_KEY_ID: `AKIA${random(16, UPPER + DIGITS)}`,
  // Mixed case and a digit for sure, as every real one has.
  AWS_SECRET_ACCESS_KEY: `Ab1${random(37, `${ALNUM}/+`)}`,
  GITHUB_TOKEN: `ghp_${random(36, ALNUM)}`,
  GITHUB_PAT: `github_pat_${random(82, `${ALNUM}_`)}`,
  GOOGLE_API_KEY: `AIza${random(35, `${ALNUM}_-`)}`,
  AUTH_HEADER: `Bearer ${random(40, `${ALNUM}._-`)}`,
};
const PRIVATE_KEY_BODY = random(64, `${ALNUM}+/`);
const PRIVATE_KEY = `-----BEGIN OPENSSH PRIVATE KEY-----\n${PRIVATE_KEY_BODY}\n-----END OPENSSH PRIVATE KEY-----`;
const SECRETS_FILE = `${Object.entries(KEYS)
  .map(([name, value]) => `${name}=${value}`)
  .join('\n')}\nDEPLOY_KEY="${PRIVATE_KEY}"\n`;
/** What must be found nowhere: every key, and the private key's body. */
const NEEDLES = [
  ...Object.values(KEYS).map((key) => key.replace(/^Bearer /, '')),
  PRIVATE_KEY_BODY,
];

/** Reads secrets.env, says it back; the judge (gpt-5-nano) quotes the OpenAI key in its reason. */
const brain: Brain = (view) => {
  if (view.toolNames.includes('record_grade')) {
    return gradeTurn('A', `Quoted every line, e.g. ${KEYS.OPENAI_API_KEY}.`)(view);
  }
  if (view.turn === 0) {
    return { toolCalls: [{ name: 'read_file', arguments: { file_path: 'secrets.env' } }] };
  }
  return { text: view.lastToolResults[0]?.content ?? '' };
};

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('no secret from a workspace appears in any written file', () => {
  let server: ServedFake;
  let base: string;
  let run: VitestRun;
  const folders = { workspace: '', out: '', cassettes: '', snapshots: '' };

  beforeAll(async () => {
    server = await serveFake(createOpenAIFake({ brain }).handler);
    base = await mkdtemp(join(tmpdir(), 'nanograde-secrets-'));
    for (const name of Object.keys(folders) as (keyof typeof folders)[]) {
      folders[name] = await mkdtemp(join(base, `${name}-`));
    }
    await writeFile(join(folders.workspace, 'secrets.env'), SECRETS_FILE);
    const root = join(REPO_ROOT, 'test/redaction/projects/secrets');
    run = await spawnVitest(
      ['run', '--project', 'agents', '--root', root, '--no-cache', '--update'],
      {
        cwd: root,
        env: {
          OPENAI_BASE_URL: `${server.url}/v1`,
          OPENAI_API_KEY: 'sk-test',
          NANOGRADE_FIXTURES: 'record',
          NANOGRADE_FIXTURES_DIR: folders.cassettes,
          NANOGRADE_OUT: folders.out,
          SECRETS_OUT: folders.out,
          SECRETS_SNAPSHOTS: folders.snapshots,
          SECRETS_WORKSPACE: folders.workspace,
        },
      },
    );
  }, 90_000);

  afterAll(async () => {
    await server.close();
    await rm(base, { recursive: true, force: true });
  });

  it('ran both cases: they fail on purpose, after saying every key back', () => {
    expect(run.exitCode, run.output).toBe(1);
    expect(run.output).toMatch(/Tests\s+2 failed \(2\)/);
  });

  it('wrote reports, JUnit, cassettes and a snapshot — with [redacted] where a key was', async () => {
    const written = [
      ...(await filesUnder(folders.out)),
      ...(await filesUnder(folders.cassettes)),
      ...(await filesUnder(folders.snapshots)),
    ].map((file) => file.slice(base.length + 1));
    expect(written.map((file) => file.replace(/-[^/]+\//, '/')).sort()).toEqual([
      'cassettes/a-matcher-shows-the-keys/openai-gpt-5-mini.json',
      'cassettes/says-the-keys-back/openai-gpt-5-mini.json',
      'out/junit.xml',
      'out/report.html',
      'out/report.json',
      'out/report.md',
      'snapshots/secrets.agent.ts.snap',
    ]);
    // report.md shows no answers, only grades and the first line of each failure.
    for (const file of written.filter((name) => !name.endsWith('report.md'))) {
      expect(await readFile(join(base, file), 'utf8'), file).toContain('[redacted]');
    }
  });

  it('not one key, nor the private key, in any of them', async () => {
    const files = [
      ...(await filesUnder(folders.out)),
      ...(await filesUnder(folders.cassettes)),
      ...(await filesUnder(folders.snapshots)),
    ];
    const leaks: string[] = [];
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      for (const needle of NEEDLES) {
        // In JSON and HTML a "/" or "+" may be escaped; search the text as written and unescaped.
        const unescaped = text.replace(/\\u002f|\\\//gi, '/').replace(/&#x2F;|&#47;/g, '/');
        if (text.includes(needle) || unescaped.includes(needle)) {
          leaks.push(`${file}: ${needle.slice(0, 12)}…`);
        }
      }
    }
    expect(leaks).toEqual([]);
  });

  it('but the keys did pass through the run: the workspace holds them', async () => {
    const source = await readFile(join(folders.workspace, 'secrets.env'), 'utf8');
    for (const needle of NEEDLES) expect(source).toContain(needle);
  });
});
