import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InputError } from './input-error.js';

/**
 * The absolute real path of `path` (relative to `base`) if it is a folder this process can
 * list; otherwise an InputError saying what is wrong. `label` names it in the message.
 */
export async function readableFolder(path: string, base: string, label: string): Promise<string> {
  const absolute = resolve(base, path);
  let isFolder: boolean;
  try {
    isFolder = (await stat(absolute)).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new InputError(`The ${label} ${absolute} does not exist; give an existing folder.`);
    }
    throw new InputError(
      `The ${label} ${absolute} cannot be read (${code}); check its permissions.`,
    );
  }
  if (!isFolder) throw new InputError(`The ${label} ${absolute} is a file, not a folder.`);
  try {
    // Reading entries needs r, entering them needs x.
    await access(absolute, constants.R_OK | constants.X_OK);
  } catch {
    throw new InputError(`The ${label} ${absolute} cannot be read; check its permissions.`);
  }
  return realpath(absolute);
}
