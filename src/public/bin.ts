#!/usr/bin/env node
import module from 'node:module';

// Node 22.1+ can keep compiled code on disk between runs, so each start (the MCP server a client
// spawns, `nanograde models`) compiles less; Node 20 has no such cache. It is enabled before the
// CLI's modules load, hence their dynamic import.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const [{ processIO }, { runCli }] = await Promise.all([
  import('../cli/cli-io.js'),
  import('../cli/run-cli.js'),
]);

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
