import { type ParseArgsConfig, parseArgs } from 'node:util';
import { didYouMean } from '../format/did-you-mean.js';
import { InputError } from '../input/input-error.js';

/** The flags a command takes, as written on a command line: `--models`, `-m`. */
function flagsOf(config: ParseArgsConfig): string[] {
  return Object.entries(config.options ?? {}).flatMap(([name, option]) => [
    `--${name}`,
    ...(option.short ? [`-${option.short}`] : []),
  ]);
}

/**
 * Why an unknown flag is refused: the flag the user most likely meant, else the flags there are
 * (and that a prompt starting with a dash goes after `--`).
 */
function unknownFlagMessage(command: string, flag: string, config: ParseArgsConfig): string {
  const known = flagsOf(config);
  const name = flag.split('=')[0] ?? flag;
  const meant = didYouMean(name, [...known.filter((f) => f.startsWith('--')), '--help']);
  if (meant) return `nanograde ${command}: unknown option '${name}'; did you mean '${meant}'?`;
  const long = known.filter((f) => f.startsWith('--'));
  return `nanograde ${command}: unknown option '${name}'; it takes ${long.length > 0 ? long.join(', ') : 'no options'} (an argument that starts with - goes after --)`;
}

/**
 * Parses a command's arguments with node:util's parseArgs; its errors become InputErrors naming
 * the command, and an unknown flag says which known one it resembles.
 */
export function parseCommandLine<const T extends ParseArgsConfig>(
  command: string,
  config: T,
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs<T>(config);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    if (unknown?.[1] && (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new InputError(unknownFlagMessage(command, unknown[1], config));
    }
    throw new InputError(`nanograde ${command}: ${message}`);
  }
}

/** Whether the arguments ask for help (`-h` or `--help` before any `--`). */
export function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}
