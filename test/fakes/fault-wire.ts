/**
 * The provider-specific half of the fault proxy: error answers in each API's own shape, and the
 * rewrites of a good answer into a bad one (a tool call with broken arguments, a tool call where
 * the model should have answered). Everything else about a fault is the same for every provider.
 */
import { randomBytes } from 'node:crypto';

/** The APIs the proxy stands in front of. */
export const FAULT_PROVIDERS = ['openai', 'anthropic', 'ollama'] as const;
export type FaultProvider = (typeof FAULT_PROVIDERS)[number];

/** An HTTP answer the proxy makes up itself. */
export interface MadeUpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

type Json = Record<string, unknown>;

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** Each API's words for an error status (OpenAI: type/code; Anthropic: error.type; Ollama: text). */
const ERRORS: Record<number, Record<FaultProvider, { type: string; message: string }>> = {
  429: {
    openai: {
      type: 'requests',
      message:
        'Rate limit reached for requests in organization org-fault-bench on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again later.',
    },
    anthropic: {
      type: 'rate_limit_error',
      message:
        'Number of requests has exceeded your per-minute rate limit; see the response headers for current usage. Please reduce the number of requests or try again later.',
    },
    ollama: { type: '', message: 'too many requests, please try again later' },
  },
  500: {
    openai: {
      type: 'server_error',
      message: 'The server had an error while processing your request. Sorry about that!',
    },
    anthropic: { type: 'api_error', message: 'Internal server error' },
    ollama: { type: '', message: 'llama runner process has terminated: signal: killed' },
  },
  503: {
    openai: { type: 'server_error', message: 'The server is overloaded or not ready yet.' },
    anthropic: { type: 'api_error', message: 'Service unavailable' },
    ollama: {
      type: '',
      message: 'server busy, please try again.  maximum pending requests exceeded',
    },
  },
  529: {
    openai: {
      type: 'server_error',
      message: 'The engine is currently overloaded, please try again later.',
    },
    anthropic: { type: 'overloaded_error', message: 'Overloaded' },
    ollama: { type: '', message: 'server overloaded, please try again later' },
  },
};

/**
 * An error answer as the provider sends it: OpenAI `{error:{message,type,param,code}}`,
 * Anthropic `{type:'error', error:{type,message}, request_id}`, Ollama `{error}`. A 429 carries
 * `retry-after` (seconds), as all of them do.
 */
export function errorResponse(
  provider: FaultProvider,
  status: 429 | 500 | 503 | 529,
  retryAfterSeconds?: number,
): MadeUpResponse {
  const { type, message } = ERRORS[status]?.[provider] ?? { type: 'api_error', message: 'error' };
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
  let body: unknown;
  if (provider === 'openai') {
    headers['x-request-id'] = `req_${hex(16)}`;
    const code = status === 429 ? 'rate_limit_exceeded' : null;
    body = { error: { message, type, param: null, code } };
  } else if (provider === 'anthropic') {
    const requestId = `req_01${hex(11)}`;
    headers['request-id'] = requestId;
    body = { type: 'error', error: { type, message }, request_id: requestId };
  } else {
    body = { error: message };
  }
  return { status, headers, body: JSON.stringify(body) };
}

/**
 * The body with one syntax error at about `cutAt` of its length (a `:` between a key and its value
 * turned into `=`), so it is complete but no JSON parser accepts it. Only a colon outside strings
 * will do: one inside a string value (text, or JSON held as text, as Ollama's structured answers
 * are) would leave the body valid JSON with a changed answer — a different fault.
 */
export function corruptJson(text: string, cutAt: number): string {
  const from = Math.floor(text.length * cutAt);
  let first = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (char === ':') {
      if (first < 0) first = i;
      if (i >= from) return `${text.slice(0, i)}=${text.slice(i + 1)}`;
    }
  }
  if (first < 0) return `<${text}`;
  return `${text.slice(0, first)}=${text.slice(first + 1)}`;
}

/** Arguments the tool's schema must refuse: the first field's value of the wrong type. */
function wrongTypes(args: unknown): Json {
  const object = typeof args === 'object' && args !== null ? (args as Json) : {};
  const [first] = Object.keys(object);
  if (first === undefined) return { unexpected_argument: true };
  return { ...object, [first]: typeof object[first] === 'number' ? 'not a number' : 42 };
}

/**
 * Breaks the arguments of the answer's first tool call, in place: OpenAI's JSON text is cut
 * (no longer JSON), Anthropic's and Ollama's objects get a value of the wrong type. Ollama
 * answers a forced tool (a judge) as JSON content under `format`: that content is broken
 * instead. False when the answer has no tool call to break.
 */
export function breakToolArguments(provider: FaultProvider, answer: Json, cutAt: number): boolean {
  if (provider === 'openai') {
    const call = (answer.output as Json[] | undefined)?.find(
      (item) => item.type === 'function_call',
    );
    if (!call || typeof call.arguments !== 'string') return false;
    const text = call.arguments;
    call.arguments = text.slice(0, Math.max(1, Math.min(text.length - 1, text.length * cutAt)));
    return true;
  }
  if (provider === 'anthropic') {
    const call = (answer.content as Json[] | undefined)?.find((block) => block.type === 'tool_use');
    if (!call) return false;
    call.input = wrongTypes(call.input);
    return true;
  }
  const message = answer.message as Json | undefined;
  const call = (message?.tool_calls as { function?: Json }[] | undefined)?.[0]?.function;
  if (call) {
    call.arguments = wrongTypes(call.arguments);
    return true;
  }
  if (typeof message?.content !== 'string') return false;
  try {
    message.content = JSON.stringify(wrongTypes(JSON.parse(message.content)));
    return true;
  } catch {
    return false;
  }
}

/**
 * Turns the answer into a call of `name` with `args` and nothing else, in place, keeping what
 * the model thought (OpenAI reasoning items, Anthropic thinking blocks, Ollama `thinking`): a
 * model that calls a tool where it should have answered. False when the answer is not a
 * model turn of the provider's shape.
 */
export function forceToolCall(
  provider: FaultProvider,
  answer: Json,
  name: string,
  args: Json,
): boolean {
  if (provider === 'openai') {
    if (!Array.isArray(answer.output)) return false;
    answer.output = [
      ...(answer.output as Json[]).filter((item) => item.type === 'reasoning'),
      {
        id: `fc_${hex(25)}`,
        type: 'function_call',
        status: 'completed',
        arguments: JSON.stringify(args),
        call_id: `call_${hex(12)}`,
        name,
      },
    ];
    answer.status = 'completed';
    answer.incomplete_details = null;
    return true;
  }
  if (provider === 'anthropic') {
    if (!Array.isArray(answer.content)) return false;
    answer.content = [
      ...(answer.content as Json[]).filter(
        (block) => block.type === 'thinking' || block.type === 'redacted_thinking',
      ),
      { type: 'tool_use', id: `toolu_01${hex(11)}`, name, input: args, caller: { type: 'direct' } },
    ];
    answer.stop_reason = 'tool_use';
    return true;
  }
  const message = answer.message as Json | undefined;
  if (!message) return false;
  message.content = '';
  message.tool_calls = [{ id: `call_${hex(4)}`, function: { index: 0, name, arguments: args } }];
  answer.done_reason = 'stop';
  return true;
}
