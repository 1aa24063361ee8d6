import { readFileSync } from 'node:fs';

/** nanograde's version, from its package.json (two folders up from src/cli and dist/cli alike). */
export function packageVersion(): string {
  try {
    const manifest = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
