import { type ParseArgsConfig, parseArgs } from 'node:util';
import { InputError } from '../input/input-error.js';

/** Parses a command's arguments with node:util's parseArgs; its errors become InputErrors naming the command. */
export function parseCommandLine<const T extends ParseArgsConfig>(
  command: string,
  config: T,
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs<T>(config);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new InputError(`nanograde ${command}: ${message}`);
  }
}
