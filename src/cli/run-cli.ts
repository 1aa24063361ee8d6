import { NanogradeConfigError } from '../env/config-error.js';
import { checkNanogradeEnv } from '../env/nanograde-env.js';
import { didYouMean } from '../format/did-you-mean.js';
import { InputError } from '../input/input-error.js';
import type { CliIO } from './cli-io.js';
import { packageVersion } from './package-version.js';
import { asksForHelp, parseCommandLine } from './parse-command-line.js';
import { COMMANDS, type CommandName, commandUsage, usage } from './usage.js';

/** Exit code for bad input: nothing was run or written. */
export const EXIT_BAD_INPUT = 2;

/** Commands that only print help or the version: they read no setting. */
const INFO_COMMANDS = new Set(['-h', '--help', 'help', '-v', '--version']);

/**
 * What the nanograde binary hands the CLI: the MCP server lives in its own layer (src/mcp), so
 * the CLI starts it through this, never by importing it.
 */
export interface CliServices {
  /** Serves the nano agent over MCP on stdio until the client goes away. */
  serveMcp(options: { cwd: string; version: string; allowHomeAndRoot: boolean }): Promise<void>;
}

// Commands load their modules (provider SDKs, the MCP SDK) only when they run: help, version
// and bad input answer at once.

/**
 * The nanograde command: dispatches `run`, `models`, `compare` and `mcp`, and returns the exit code.
 * Bad input of any kind is reported on stderr with exit code 2, before anything runs.
 */
export async function runCli(
  argv: string[],
  io: CliIO,
  signal?: AbortSignal,
  services?: CliServices,
): Promise<number> {
  const [command, ...rest] = argv;
  const known = COMMANDS.find((name) => name === command);
  // `nanograde run --help`: that command's help, whatever else the line says; it reads no setting.
  if (known && asksForHelp(rest)) {
    io.out(commandUsage(known));
    return 0;
  }
  try {
    if (command !== undefined && !INFO_COMMANDS.has(command)) {
      checkNanogradeEnv(io.env, { cwd: io.cwd });
    }
    switch (command) {
      case 'run': {
        const { parseRunArgs } = await import('./run-args.js');
        const options = await parseRunArgs(rest, io);
        const { runCommand } = await import('./run-command.js');
        return await runCommand(options, io, signal);
      }
      case 'models': {
        const { modelsCommand } = await import('./models-command.js');
        return await modelsCommand(rest, io);
      }
      case 'compare': {
        const { compareCommand } = await import('./compare-command.js');
        return await compareCommand(rest, io);
      }
      case 'mcp': {
        const { values } = parseCommandLine('mcp', {
          args: rest,
          strict: true,
          allowPositionals: false,
          options: { 'allow-home-and-root': { type: 'boolean', default: false } },
        });
        if (!services) throw new Error('nanograde mcp is served by the nanograde binary');
        await services.serveMcp({
          cwd: io.cwd,
          version: packageVersion(),
          allowHomeAndRoot: values['allow-home-and-root'] === true,
        });
        return 0;
      }
      case '-h':
      case '--help':
      case 'help':
        io.out(usage());
        return 0;
      case '-v':
      case '--version':
        io.out(`${packageVersion()}\n`);
        return 0;
      case undefined:
        io.err(usage());
        return EXIT_BAD_INPUT;
      default:
        throw new InputError(unknownCommandMessage(command));
    }
  } catch (error) {
    if (error instanceof NanogradeConfigError) {
      io.err(`nanograde: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    if (!(error instanceof InputError)) throw error;
    io.err(`${error.message}\n\nRun "${helpCommand(known)}" for usage.\n`);
    return EXIT_BAD_INPUT;
  }
}

function helpCommand(command: CommandName | undefined): string {
  return command ? `nanograde ${command} --help` : 'nanograde --help';
}

function unknownCommandMessage(command: string): string {
  const meant = didYouMean(command, COMMANDS);
  return `nanograde: unknown command "${command}"; ${meant ? `did you mean "${meant}"?` : `try ${COMMANDS.join(', ')}`}`;
}
