import { type CallToolResult, McpServer } from '@modelcontextprotocol/server';
import { describeProgress } from '../agent/describe-progress.js';
import { formatDuration, formatUsd } from '../format/format-values.js';
import { InputError } from '../input/input-error.js';
import { allowedRoots, LIST_ROOTS_TIMEOUT_MS } from './allowed-roots.js';
import { NanoAgentResponseSchema } from './nano-agent-response.js';
import {
  defaultNanoAgentModel,
  promptNanoAgent,
  promptNanoAgentInputSchema,
} from './prompt-nano-agent.js';
import { StdioLineTransport } from './stdio-line-transport.js';

/** How the server is set up. */
export interface NanoAgentServerOptions {
  /** The default workspace, and what relative workspaces resolve against. */
  cwd: string;
  version: string;
  /** Allow the filesystem root and the home folder as workspaces (off: the agent could touch everything). */
  allowHomeAndRoot?: boolean;
  /** Where log lines go; stdout carries the protocol, so never there. Default: stderr. */
  log?: (line: string) => void;
}

/** What the tool says about itself. */
function describeTool(defaultModel: string): string {
  return [
    'Runs the nano agent: one small agent loop with five sandboxed file tools (read_file,',
    'list_directory, write_file, get_file_info, edit_file) on the model you choose, working in',
    "`workspace` (default: this server's working directory), which must lie inside the client's MCP roots (else the server's working directory).",
    'It works in that folder itself, not a copy: the files it writes and edits stay changed. It cannot touch files outside it.',
    'Returns { success, result, error, metadata: { model, provider, turns, token_usage, tool_calls, error_kind, provider_error_kind }, execution_time_seconds };',
    'a failed run is an error result with that JSON, error_kind saying why (max_turns, timeout, provider, …).',
    `Default model: ${defaultModel}.`,
  ].join(' ');
}

const logToStderr = (line: string) => process.stderr.write(`nanograde mcp: ${line}\n`);

/** An MCP server with one tool, `prompt_nano_agent`. */
export function createNanoAgentServer(options: NanoAgentServerOptions): McpServer {
  const log = options.log ?? logToStderr;
  const server = new McpServer({ name: 'nanograde', version: options.version });
  const defaultModel = defaultNanoAgentModel();

  server.registerTool(
    'prompt_nano_agent',
    {
      title: 'Prompt the nano agent',
      description: describeTool(defaultModel),
      inputSchema: promptNanoAgentInputSchema(defaultModel),
      outputSchema: NanoAgentResponseSchema,
      annotations: { readOnlyHint: false, destructiveHint: true, openWorldHint: true },
    },
    async (args, ctx): Promise<CallToolResult> => {
      const progressToken = ctx.mcpReq._meta?.progressToken;
      let progress = 0;
      // Sent one after another, and all before the result: the client drops progress that
      // arrives after the response.
      let sending = Promise.resolve();
      const notify = (message: string) => {
        if (progressToken === undefined) return;
        progress += 1;
        const params = { progressToken, progress, message };
        sending = sending
          .then(() => ctx.mcpReq.notify({ method: 'notifications/progress', params }))
          .catch((error: unknown) => log(`could not send progress: ${String(error)}`));
      };
      log(`prompt_nano_agent on ${args.model}${args.provider ? ` (${args.provider})` : ''}`);
      try {
        notify(`starting ${args.model}`);
        const roots = await allowedRoots(
          {
            declared: server.server.getClientCapabilities()?.roots !== undefined,
            list: () =>
              server.server.listRoots(undefined, {
                timeout: LIST_ROOTS_TIMEOUT_MS,
                signal: ctx.mcpReq.signal,
              }),
          },
          options.cwd,
        );
        const warnings: string[] = [];
        const response = await promptNanoAgent(args, {
          cwd: options.cwd,
          onWarning: (message) => {
            log(`warning: ${message}`);
            warnings.push(`warning: ${message}`);
          },
          roots,
          allowHomeAndRoot: options.allowHomeAndRoot ?? false,
          signal: ctx.mcpReq.signal,
          // The final answer is the result itself, not progress (and the SDK's client drops
          // progress that reaches it together with the result).
          onProgress: (event) => {
            if (event.type === 'turn' && event.toolCalls.length === 0) return;
            notify(describeProgress(event));
          },
        });
        await sending;
        if (ctx.mcpReq.signal.aborted) {
          log(`cancelled: ${response.metadata.model} after ${response.metadata.turns} turn(s)`);
        } else {
          const cost = response.metadata.token_usage.total_cost;
          log(
            `${response.metadata.model}: ${response.success ? 'done' : `failed (${response.error})`} in ${response.metadata.turns} turn(s), ${formatDuration(response.execution_time_seconds * 1000)}, ${cost === null ? 'cost unknown' : formatUsd(cost)}`,
          );
        }
        return {
          // The seed JSON first, then what the calling agent should know (a likely typo).
          content: [
            { type: 'text', text: JSON.stringify(response, null, 2) },
            ...warnings.map((text) => ({ type: 'text' as const, text })),
          ],
          structuredContent: response,
          // A run that ended without an answer is a failed tool call; the JSON says why.
          ...(response.success ? {} : { isError: true }),
        };
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        log(`refused: ${error.message}`);
        return { content: [{ type: 'text', text: error.message }], isError: true };
      }
    },
  );
  return server;
}

/**
 * Serves the nano agent over stdio until stdin closes (or SIGINT / SIGTERM), then stops:
 * runs in flight are aborted.
 */
export async function serveNanoAgentOverStdio(options: NanoAgentServerOptions): Promise<void> {
  const log = options.log ?? logToStderr;
  const server = createNanoAgentServer(options);
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
  });
  server.server.onerror = (error) => log(`protocol error: ${error.message}`);
  await server.connect(new StdioLineTransport());
  log(`ready (nanograde ${options.version}, workspace ${options.cwd})`);

  const stop = () => {
    // Closing the server aborts every request handler, and so every run in flight.
    server.close().catch((error: unknown) => log(`close failed: ${String(error)}`));
  };
  process.stdin.once('end', stop);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await closed;
  process.stdin.off('end', stop);
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  log('stopped');
}
