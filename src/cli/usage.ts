import { exampleModels } from '../models/default-model.js';

/** The commands, in the order the help lists them. */
export const COMMANDS = ['run', 'models', 'compare', 'mcp'] as const;
export type CommandName = (typeof COMMANDS)[number];

const EXIT_CODES = `Exit codes: 0 done, 1 a run failed (or fell below the bar), no model could run, or
            compare found a regression; 2 bad input (nothing was run or written).
`;

/** Each command's synopsis and the lines that describe it and its options. */
const SECTIONS = (): Record<CommandName, { synopsis: string; lines: string }> => ({
  run: {
    synopsis: 'run "<prompt>"',
    lines: `                   Run one prompt on several models in parallel and print the grade table.
                   Each model works on its own fresh copy of --workspace (or an empty folder).
                   Only what is checked is graded: give --expect or --judge, else every run
                   shows "not judged".
      -m, --models <ids>       Comma-separated model ids (repeatable); default NANOGRADE_MODELS,
                               else the default matrix. E.g. ${exampleModels()}
      -w, --workspace <dir>    Folder copied fresh for every model (default: an empty folder)
          --max-turns <n>      Turns per run (default 20)
          --timeout <seconds>  Wall-clock limit per run (default 300, at most 2147483)
      -e, --expect <text>      The answer must contain this text (or match /regex/flags):
                               pass A, fail F
      -j, --judge <model>      Grade every answer S–F with this model (performance grade)
          --bar <grade>        The grade an answer must reach with --judge (default B)
          --effort <value>     Reasoning effort: none, minimal, low, medium, high, xhigh, max
                               (each model takes some; a value one of them refuses is bad input)
          --thinking <mode>    Claude thinking: adaptive, between_tools, enabled, disabled
          --json               Print the runs as JSON instead of the table
`,
  },
  models: {
    synopsis: 'models',
    lines: `                   List the model catalog with each model's availability here, and why not.
          --json               Print the list as JSON
`,
  },
  compare: {
    synopsis: 'compare <base> <head>',
    lines: `                   Compare two report.json files per case × model: grade, pass rate, cost and
                   time; new and removed cases and models. Exit 1 on a regression.
      -t, --tolerance <k=v,…>  grade=<steps> (default 0: any drop), cost=<%> (default 25%),
                               time=<%> (default off), pass-rate=<%> (default 0),
                               unknown-cost=fail|warn (default warn), not-run=fail|warn
                               (a run of the base skipped in the head; default warn);
                               off disables cost/time
          --json               Print the comparison as JSON
`,
  },
  mcp: {
    synopsis: 'mcp',
    lines: `                   Serve the nano agent over MCP on stdio (tool: prompt_nano_agent). A call's
                   workspace must lie in the client's MCP roots, else the working directory.
          --allow-home-and-root  Also allow / and the home folder as workspaces
`,
  },
});

/** A command's line in the help: its synopsis, then its description and options. */
function section(command: CommandName): string {
  const { synopsis, lines } = SECTIONS()[command];
  // A long synopsis gets a line of its own, as the description starts in column 20.
  return synopsis.length < 17
    ? `  ${synopsis.padEnd(17)}${lines.trimStart()}`
    : `  ${synopsis}\n${lines}`;
}

/** The help text of the nanograde command (its examples name current models). */
export const usage = (): string => `Usage: nanograde <command> [options]

Commands:
${COMMANDS.map(section).join('')}
Options:
  -h, --help       Show this help (nanograde <command> --help: that command's)
  -v, --version    Show the version

${EXIT_CODES}`;

/** One command's help: `nanograde run --help`. */
export function commandUsage(command: CommandName): string {
  const { synopsis } = SECTIONS()[command];
  return `Usage: nanograde ${synopsis} [options]

${section(command)}      -h, --help               Show this help

${EXIT_CODES}`;
}
