#!/usr/bin/env node
import { processIO } from './cli-io.js';
import { runCli } from './run-cli.js';

// Ctrl-C aborts the runs in flight; they end as `aborted` and the table is still printed.
const interrupt = new AbortController();
const command = process.argv[2];
if (command !== 'mcp')
  process.once('SIGINT', () => interrupt.abort(new Error('interrupted (SIGINT)')));

try {
  process.exitCode = await runCli(process.argv.slice(2), processIO(), interrupt.signal);
} catch (error) {
  process.stderr.write(
    `nanograde: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
