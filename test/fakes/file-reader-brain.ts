import { GRADE_TOOL_NAME } from '../../src/judge/grade-reply.js';
import { exampleBrain } from './example-brains.js';
import type { Brain, BrainTurn, ConversationView } from './fake-types.js';

/** How many times the brain reads before it gives up (a read that failed is tried again). */
const MAX_READS = 3;

/**
 * The fault benchmark's model. For "Read <file> and answer with its text only." it calls
 * read_file and answers with exactly what came back. A read that failed (an error result, as
 * after arguments that broke on the way) is tried again, up to three reads, as a model would.
 * The judge's requests go to the example suite's judge, which grades the answer against the
 * expected one. Every answer takes `latencyMs` at the fake (a model's think time), honouring
 * the request's abort. Stateless: any number of concurrent runs can share it.
 */
export function fileReaderBrain(options: { latencyMs?: number } = {}): Brain {
  const timing: Pick<BrainTurn, 'delayMs'> = options.latencyMs
    ? { delayMs: options.latencyMs }
    : {};
  return async (view) => {
    const turn = isJudging(view) ? await judge(view) : readAndAnswer(view);
    return { ...turn, ...timing };
  };
}

/** The judge offers the grade tool, or (Ollama: structured output, no tools) names it in its system prompt. */
function isJudging(view: ConversationView): boolean {
  return view.toolNames.includes(GRADE_TOOL_NAME) || view.system.includes(GRADE_TOOL_NAME);
}

async function judge(view: ConversationView): Promise<BrainTurn> {
  const offered = view.toolNames.includes(GRADE_TOOL_NAME);
  const verdict = await exampleBrain(offered ? view : { ...view, toolNames: [GRADE_TOOL_NAME] });
  if (offered) return verdict;
  // Where no tool is offered, the judge answers with the grade tool's arguments as JSON.
  return { text: JSON.stringify(verdict.toolCalls?.[0]?.arguments ?? {}) };
}

function readAndAnswer(view: ConversationView): BrainTurn {
  const prompt = view.messages.find((message) => message.role === 'user')?.content ?? '';
  const file = /\bRead (\S+) and answer/.exec(prompt)?.[1];
  if (file === undefined) return { text: `I do not understand the task: ${prompt}` };
  const reads = readResults(view);
  const read = reads.find((result) => result.ok);
  if (read) return { text: read.content.trim(), usage: { freshInput: 350, output: 8 } };
  if (reads.length >= MAX_READS) {
    return { text: `I could not read ${file}: ${reads.at(-1)?.content ?? 'no result'}` };
  }
  return {
    toolCalls: [{ name: 'read_file', arguments: { file_path: file } }],
    usage: { freshInput: 300, output: 20 },
  };
}

/** Every answered read_file call of the conversation, in order. */
function readResults(view: ConversationView): { ok: boolean; content: string }[] {
  const readIds = new Set<string>();
  const results: { ok: boolean; content: string }[] = [];
  for (const message of view.messages) {
    if (message.role === 'assistant') {
      for (const call of message.toolCalls) if (call.name === 'read_file') readIds.add(call.id);
    } else if (message.role === 'tool' && readIds.has(message.toolCallId)) {
      // OpenAI's tool results have no error flag: a failed tool's text starts with "Error:".
      const ok = !message.isError && !message.content.startsWith('Error:');
      results.push({ ok, content: message.content });
    }
  }
  return results;
}
