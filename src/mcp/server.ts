import {
  type CallToolResult,
  CLIENT_CAPABILITIES_META_KEY,
  type InputRequiredResult,
  inputRequired,
  inputResponse,
  McpServer,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { describeProgress } from '../agent/describe-progress.js';
import { formatDuration, formatUsd } from '../format/format-values.js';
import { InputError } from '../input/input-error.js';
import { allowedRoots, type ClientRoots, LIST_ROOTS_TIMEOUT_MS } from './allowed-roots.js';
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

/** The key under which a 2026-07-28 call asks its client for roots (input_required). */
const ROOTS_INPUT = 'roots';

/**
 * The client's roots as this call can learn them, or the input_required result that asks for
 * them. A 2025-era client is asked with a roots/list request of the server's own. On protocol
 * revision 2026-07-28 a server sends no requests: the capabilities come with each call, and a
 * client that declares roots is asked in the call's result (input_required), then calls again
 * with its roots in `inputResponses`.
 */
function clientRootsOf(
  server: McpServer,
  ctx: ServerContext,
): { known: ClientRoots } | { ask: InputRequiredResult } {
  // The envelope comes only with 2026-07-28 requests (validated by the SDK).
  const envelope: Record<string, unknown> | undefined = ctx.mcpReq.envelope;
  if (envelope === undefined)
    return {
      known: {
        declared: server.server.getClientCapabilities()?.roots !== undefined,
        list: () =>
          server.server.listRoots(undefined, {
            timeout: LIST_ROOTS_TIMEOUT_MS,
            signal: ctx.mcpReq.signal,
          }),
      },
    };
  const capabilities = envelope[CLIENT_CAPABILITIES_META_KEY];
  const declared =
    typeof capabilities === 'object' && capabilities !== null && 'roots' in capabilities;
  if (!declared) return { known: { declared, list: () => Promise.resolve({ roots: [] }) } };
  const answered = inputResponse(ctx.mcpReq.inputResponses, ROOTS_INPUT);
  if (answered.kind !== 'roots')
    return { ask: inputRequired({ inputRequests: { [ROOTS_INPUT]: inputRequired.listRoots() } }) };
  return { known: { declared, list: () => Promise.resolve({ roots: answered.roots }) } };
}

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
    async (args, ctx): Promise<CallToolResult | InputRequiredResult> => {
      const clientRoots = clientRootsOf(server, ctx);
      if ('ask' in clientRoots) return clientRoots.ask;
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
        const roots = await allowedRoots(clientRoots.known, options.cwd);
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
 * runs in flight are aborted. The SDK's serveStdio picks the protocol per connection: protocol
 * revision 2026-07-28 for a client that opens with server/discover or a per-request envelope,
 * the 2025 handshake (initialize) for the others.
 */
export async function serveNanoAgentOverStdio(options: NanoAgentServerOptions): Promise<void> {
  const log = options.log ?? logToStderr;
  const transport = new StdioLineTransport();
  // The connection's own errors (before a protocol is picked) and its server's, alike.
  const onerror = (error: Error) => log(`protocol error: ${error.message}`);
  const connection = serveStdio(
    () => {
      const server = createNanoAgentServer(options);
      server.server.onerror = onerror;
      return server;
    },
    { transport, onerror },
  );
  log(`ready (nanograde ${options.version}, workspace ${options.cwd})`);

  const stop = () => {
    // Closing the connection closes its server, which aborts every request handler, and so
    // every run in flight.
    connection.close().catch((error: unknown) => log(`close failed: ${String(error)}`));
  };
  process.stdin.once('end', stop);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await transport.closed;
  process.stdin.off('end', stop);
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  log('stopped');
}
