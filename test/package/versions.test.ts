/**
 * The supported versions, kept consistent: package.json's peer range takes Vitest 4.1+ and 5,
 * every runtime dependency (as installed) and Vitest 4.1 itself run on each Node `engines`
 * promises — so a bump to a major that needs Node 22 (openai 7, msw 3) fails here, not in a
 * user's project — and the README says what package.json says.
 * (The compatibility lanes of .ci/run prove the two ends on real Node and Vitest installs.)
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './packed-project.js';

interface Manifest {
  version: string;
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

async function manifestOf(folder: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(folder, 'package.json'), 'utf8')) as Manifest;
}

type Version = [number, number, number];

function parseVersion(text: string): Version {
  const [major = 0, minor = 0, patch = 0] = text
    .split('.')
    .map((part) => Number.parseInt(part, 10));
  return [major, minor, patch];
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** One comparator of a range (`>=20.19`, `^4.1.0`, `~1.2`, `20.x`, `*`): does `version` pass? */
function passes(version: Version, comparator: string): boolean {
  const match = /^(>=|<=|>|<|=|\^|~)?v?(\*|x|\d+(?:\.(?:\d+|x))*)$/.exec(comparator);
  if (!match) throw new Error(`a range this test cannot read: ${comparator}`);
  const [, operator = '', text = ''] = match;
  if (text === '*' || text === 'x') return true;
  const parts = text.split('.').filter((part) => part !== 'x');
  const bound = parseVersion(parts.join('.'));
  const order = compare(version, bound);
  switch (operator) {
    case '>=':
      return order >= 0;
    case '>':
      return order > 0;
    case '<=':
      return order <= 0;
    case '<':
      return order < 0;
    case '^': {
      const next: Version = bound[0] > 0 ? [bound[0] + 1, 0, 0] : [0, bound[1] + 1, 0];
      return order >= 0 && compare(version, next) < 0;
    }
    default: {
      // `~1.2.3`, and a partial `1.2` / `20.x`: the parts given must match.
      const given = operator === '~' ? Math.min(parts.length, 2) : parts.length;
      return order >= 0 && version.slice(0, given).every((part, i) => part === bound[i]);
    }
  }
}

/** Does `version` satisfy the npm range (`||` of space-separated comparators)? */
function satisfies(version: string, range: string): boolean {
  const normalised = range.replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1');
  return normalised.split('||').some((set) =>
    set
      .trim()
      .split(/\s+/)
      .filter((comparator) => comparator !== '')
      .every((comparator) => passes(parseVersion(version), comparator)),
  );
}

const manifest = await manifestOf(repoRoot);
const engines = manifest.engines?.node ?? '';
/** The Node releases nanograde promises: the floor `engines` names, and today's LTS lines. */
const NODE_RELEASES = [
  /^>=(\d+\.\d+)$/.exec(engines)?.[1] ?? 'unreadable',
  '22.12.0',
  '24.0.0',
  '26.0.0',
];

describe('the range reader this test uses', () => {
  it('reads npm ranges the way npm does', () => {
    expect(satisfies('20.19.0', '^20.19.0 || >=22.12.0')).toBe(true);
    expect(satisfies('22.11.0', '^20.19.0 || >=22.12.0')).toBe(false);
    expect(satisfies('14.6.0', '>= 14.6')).toBe(true);
    expect(satisfies('4.0.18', '^4.1.0 || ^5.0.0')).toBe(false);
    expect(satisfies('6.0.0', '^4.1.0 || ^5.0.0')).toBe(false);
    expect(satisfies('20.5.1', '20.x')).toBe(true);
    expect(satisfies('21.0.0', '>=18 <21')).toBe(false);
  });
});

describe('package.json', () => {
  it('takes Vitest 4.1 or later and Vitest 5 as its peer, and not 4.0 or 6', () => {
    const peer = manifest.peerDependencies?.vitest ?? '';
    for (const version of ['4.1.0', '4.1.12', '5.0.0', '5.1.2']) {
      expect(satisfies(version, peer), version).toBe(true);
    }
    for (const version of ['4.0.18', '6.0.0'])
      expect(satisfies(version, peer), version).toBe(false);
  });

  it('promises Node 20.19 and later, which the installed Vitest accepts', async () => {
    expect(engines).toBe('>=20.19');
    const vitest = await manifestOf(join(repoRoot, 'node_modules/vitest'));
    expect(satisfies(vitest.version, manifest.peerDependencies?.vitest ?? '')).toBe(true);
    for (const node of NODE_RELEASES) {
      expect(satisfies(node, vitest.engines?.node ?? '*'), `vitest on Node ${node}`).toBe(true);
    }
  });

  it('has runtime dependencies whose installed versions run on every Node it promises', async () => {
    const refused: string[] = [];
    for (const name of Object.keys(manifest.dependencies ?? {})) {
      const dependency = await manifestOf(join(repoRoot, 'node_modules', name));
      for (const node of NODE_RELEASES) {
        const range = dependency.engines?.node ?? '*';
        if (!satisfies(node, range)) refused.push(`${name}@${dependency.version} on Node ${node}`);
      }
    }
    expect(refused).toEqual([]);
  });
});

describe('the README', () => {
  const readme = readFile(join(repoRoot, 'README.md'), 'utf8');
  /** The paragraph that starts with `**title**`, on one line. */
  const paragraph = async (title: string) =>
    (new RegExp(`\\*\\*${title}\\*\\*[\\s\\S]*?\\n\\n`).exec(await readme)?.[0] ?? '').replace(
      /\s+/g,
      ' ',
    );

  it('states the supported Vitest and Node versions as package.json has them', async () => {
    const supported = await paragraph('Supported versions\\.');
    expect(supported).toContain(`\`${manifest.peerDependencies?.vitest}\``);
    expect(supported).toContain(`\`engines\`: \`${engines}\``);
  });

  it('says in the development section why each runtime dependency is on its major', async () => {
    const why = await paragraph('Versions, and why these majors\\.');
    // `openai` ^6 for "^6.49.0", `ollama` ^0.6 for "^0.6.4".
    const unexplained = Object.entries(manifest.dependencies ?? {})
      .map(([name, range]) => `\`${name}\` ${range.replace(/^\^(0\.\d+|\d+).*$/, '^$1')}`)
      .filter((mention) => !why.includes(mention));
    expect(unexplained).toEqual([]);
  });
});
