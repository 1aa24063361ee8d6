import { inject } from 'vitest';
import { BUILT_CLI_KEY } from '../build-dist.global-setup.js';

/**
 * An `initialize` request (the 2025 handshake's opening) as one stdio line: what a host sends
 * the server first.
 */
export const INITIALIZE_LINE = `${JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'nanograde-tests', version: '1' },
  },
})}\n`;

/**
 * How an MCP client's stdio transport starts the built `nanograde mcp` in `cwd`: with an explicit
 * environment — only what the server needs (`env`: the fake provider's URL and key), nothing of
 * this machine's real provider settings — and its stderr piped for the test to read.
 */
export function builtServerParams(cwd: string, env: Record<string, string>) {
  return {
    command: process.execPath,
    args: [inject(BUILT_CLI_KEY), 'mcp'],
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      ...env,
      // The day model lifecycles are judged on, pinned for the suite (vitest.config.ts).
      ...(process.env.NANOGRADE_NOW ? { NANOGRADE_NOW: process.env.NANOGRADE_NOW } : {}),
    },
    stderr: 'pipe' as const,
  };
}
