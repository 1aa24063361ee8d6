import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';

let probed: Promise<boolean> | undefined;

/**
 * Whether `/proc/self/fd/<fd>/<name>` names the entry `name` of the folder open as `fd` (Linux's
 * magic links, which resolve against the open folder, not against any path). Probed once, by
 * opening `/` and comparing identities, rather than guessed from the platform's name.
 */
export function fdPathsWork(): Promise<boolean> {
  probed ??= (async () => {
    try {
      const root = await open('/', constants.O_RDONLY | (constants.O_DIRECTORY ?? 0));
      try {
        const [direct, viaFd] = await Promise.all([
          root.stat(),
          stat(`/proc/self/fd/${root.fd}/.`),
        ]);
        return direct.dev === viaFd.dev && direct.ino === viaFd.ino;
      } finally {
        await root.close();
      }
    } catch {
      return false;
    }
  })();
  return probed;
}
