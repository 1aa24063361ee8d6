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

/** `--timeout` for `--timeout` or its short form `-t`; undefined for a flag the command lacks. */
function longFlag(flag: string, config: ParseArgsConfig): string | undefined {
  const name = Object.entries(config.options ?? {}).find(
    ([long, option]) => flag === `--${long}` || (option.short && flag === `-${option.short}`),
  )?.[0];
  return name === undefined ? undefined : `--${name}`;
}

const NEGATIVE_NUMBER = /^-\.?\d/;

/**
 * The arguments with a negative number after a flag that takes a value joined to it
 * (`--timeout -1` → `--timeout=-1`): no flag looks like a number, so the number is the flag's
 * value, for the command to judge by the flag's own rule; parseArgs would call it ambiguous.
 */
function joinNegativeValues(args: readonly string[], config: ParseArgsConfig): string[] {
  const joined: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (arg === '--') {
      joined.push(...args.slice(index));
      break;
    }
    const flag = longFlag(arg, config);
    const next = args[index + 1];
    const takesValue = flag !== undefined && config.options?.[flag.slice(2)]?.type === 'string';
    if (takesValue && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      joined.push(`${flag}=${next}`);
      index++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

/** What parseArgs says of a flag without its value, in nanograde's words (or undefined). */
function missingValueMessage(
  message: string,
  args: readonly string[],
  config: ParseArgsConfig,
): string | undefined {
  const ambiguous = /^Option '([^']+)' argument is ambiguous/.exec(message)?.[1];
  if (ambiguous !== undefined) {
    const follower = args[args.indexOf(ambiguous) + 1];
    return `${longFlag(ambiguous, config) ?? ambiguous} needs a value, but the option '${follower}' follows it (a value that starts with - is written ${longFlag(ambiguous, config) ?? ambiguous}=-…)`;
  }
  const missing = /^Option '(?:-\w, )?(--[^ ']+) <value>' argument missing/.exec(message)?.[1];
  return missing === undefined ? undefined : `${missing} needs a value`;
}

/**
 * Parses a command's arguments with node:util's parseArgs; its errors become InputErrors naming
 * the command, an unknown flag says which known one it resembles, a flag without its value says
 * so, and a negative number after a flag is its value (judged by the command, like any other).
 */
export function parseCommandLine<const T extends ParseArgsConfig>(
  command: string,
  config: T,
): ReturnType<typeof parseArgs<T>> {
  const args = joinNegativeValues(config.args ?? process.argv.slice(2), config);
  try {
    return parseArgs<T>({ ...config, args });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    if (unknown?.[1] && (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new InputError(unknownFlagMessage(command, unknown[1], config));
    }
    const missing = missingValueMessage(message, args, config);
    throw new InputError(`nanograde ${command}: ${missing ?? message}`);
  }
}

/** Whether the arguments ask for help (`-h` or `--help` before any `--`). */
export function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}
