#!/usr/bin/env node
import { processIO } from '../cli/cli-io.js';
import { runCli } from '../cli/run-cli.js';

// Ctrl-C aborts the runs in flight; they end as `aborted` and the table is still printed.
const interrupt = new AbortController();
const command = process.argv[2];
if (command !== 'mcp')
  process.once('SIGINT', () => interrupt.abort(new Error('interrupted (SIGINT)')));

try {
  process.exitCode = await runCli(process.argv.slice(2), processIO(), interrupt.signal, {
    // Loaded only for `nanograde mcp`: the other commands never load the MCP SDK.
    serveMcp: async (options) => {
      const { serveNanoAgentOverStdio } = await import('../mcp/server.js');
      await serveNanoAgentOverStdio(options);
    },
  });
} catch (error) {
  process.stderr.write(
    `nanograde: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
