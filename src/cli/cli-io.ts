import { shouldUseColor } from '../report/color.js';

/** Where a command writes and what it reads from its surroundings; a seam for tests. */
export interface CliIO {
  /** Writes to stdout (results only: tables, JSON). */
  out(text: string): void;
  /** Writes to stderr (progress, warnings, errors). */
  err(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Whether to colour stdout (a terminal, and no NO_COLOR). */
  color: boolean;
  /** The terminal's width, when stdout is one. */
  columns?: number;
}

/** The real process's IO. */
export function processIO(): CliIO {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    color: shouldUseColor(process.stdout, process.env),
    ...(process.stdout.isTTY ? { columns: process.stdout.columns } : {}),
  };
}
