/**
 * Where the HTML report tests find a Chromium to drive: CHROME_PATH, else a browser on PATH,
 * else the one playwright-core downloads (`npx playwright-core install chromium`). Without any,
 * the tests skip with the reason — except on CI (CI set), where a missing browser is a failure.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium } from 'playwright-core';

/** Browser names looked up on PATH, the likeliest first. */
const ON_PATH = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

export type ChromiumLookup =
  | { found: true; path: string; from: 'CHROME_PATH' | 'PATH' | 'playwright-core' }
  | { found: false; reason: string };

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Looks in CHROME_PATH, PATH and playwright-core's download folder, in that order. */
export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  playwrightPath: () => string = () => chromium.executablePath(),
): ChromiumLookup {
  const given = env.CHROME_PATH?.trim();
  if (given) {
    // A path the user gave and got wrong is a mistake to report, not a reason to look elsewhere.
    if (isExecutableFile(given)) return { found: true, path: given, from: 'CHROME_PATH' };
    throw new Error(`CHROME_PATH=${given} is not an executable file; fix it or unset it`);
  }
  for (const folder of (env.PATH ?? '').split(delimiter).filter((f) => f !== '')) {
    for (const name of ON_PATH) {
      const path = join(folder, name);
      if (isExecutableFile(path)) return { found: true, path, from: 'PATH' };
    }
  }
  let downloaded: string | undefined;
  try {
    downloaded = playwrightPath();
  } catch {
    downloaded = undefined;
  }
  if (downloaded && isExecutableFile(downloaded)) {
    return { found: true, path: downloaded, from: 'playwright-core' };
  }
  return {
    found: false,
    reason: `no Chromium: CHROME_PATH is unset, none of ${ON_PATH.join(', ')} is on PATH, and playwright-core has none${downloaded ? ` at ${downloaded}` : ''} — install one (apt-get install -y chromium, or npx playwright-core install chromium) or set CHROME_PATH`,
  };
}

/** The browser for this run; on CI a missing one throws instead of skipping. */
export function chromiumForTests(
  env: NodeJS.ProcessEnv = process.env,
  playwrightPath?: () => string,
): ChromiumLookup {
  const lookup = findChromium(env, playwrightPath);
  if (!lookup.found && env.CI) throw new Error(`CI must have a Chromium: ${lookup.reason}`);
  return lookup;
}
