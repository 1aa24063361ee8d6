import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumForTests, findChromium } from './find-chromium.js';

describe('finding Chromium for the HTML report tests', () => {
  let root: string;
  let onPath: string;
  let downloaded: string;
  let given: string;

  /** An executable file standing in for a browser. */
  async function browser(path: string): Promise<string> {
    await writeFile(path, '#!/bin/sh\n');
    await chmod(path, 0o755);
    return path;
  }

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'nanograde-chromium-'));
    await mkdir(join(root, 'bin'));
    await mkdir(join(root, 'empty'));
    onPath = await browser(join(root, 'bin', 'google-chrome'));
    downloaded = await browser(join(root, 'ms-playwright-chrome'));
    given = await browser(join(root, 'my-chrome'));
    // Not executable: a file of that name that cannot run is not a browser.
    await writeFile(join(root, 'empty', 'chromium'), '');
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('takes CHROME_PATH first, then PATH, then playwright-core’s download', () => {
    const path = `${join(root, 'empty')}:${join(root, 'bin')}`;
    expect(findChromium({ CHROME_PATH: given, PATH: path }, () => downloaded)).toEqual({
      found: true,
      path: given,
      from: 'CHROME_PATH',
    });
    expect(findChromium({ PATH: path }, () => downloaded)).toEqual({
      found: true,
      path: onPath,
      from: 'PATH',
    });
    expect(findChromium({ PATH: join(root, 'empty') }, () => downloaded)).toEqual({
      found: true,
      path: downloaded,
      from: 'playwright-core',
    });
  });

  it('refuses a CHROME_PATH that is no executable, rather than quietly using another', () => {
    expect(() =>
      findChromium({ CHROME_PATH: join(root, 'nope'), PATH: join(root, 'bin') }),
    ).toThrow(/CHROME_PATH=.*nope is not an executable file/);
  });

  it('skips with a reason where there is none, and fails on CI', () => {
    const nowhere = { PATH: join(root, 'empty') };
    const missing = join(root, 'not-downloaded');
    const lookup = findChromium(nowhere, () => missing);
    expect(lookup).toEqual({
      found: false,
      reason: expect.stringMatching(/^no Chromium: CHROME_PATH is unset.*set CHROME_PATH$/),
    });
    expect(lookup.found ? '' : lookup.reason).toContain(missing);
    expect(chromiumForTests(nowhere, () => missing)).toEqual(lookup);
    expect(() => chromiumForTests({ ...nowhere, CI: 'true' }, () => missing)).toThrow(
      /^CI must have a Chromium: no Chromium/,
    );
  });
});
