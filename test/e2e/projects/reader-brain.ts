import type { Brain, BrainTurn } from '../../fakes/fake-types.js';

/**
 * The fake model of the e2e projects. Turn 1: it reads the file the prompt names
 * ("Read <file> and answer with …"). Turn 2: it answers from what read_file really returned —
 * the first line for "first line", the whole text for "text only" — and, on purpose, the first
 * line again for "last line", so one case of the verdicts project fails its check.
 * `delayMs` makes every answer take that long (the concurrency test).
 */
export function readerBrain(options: { delayMs?: number } = {}): Brain {
  const timing: Pick<BrainTurn, 'delayMs'> =
    options.delayMs === undefined ? {} : { delayMs: options.delayMs };
  return (view) => {
    const prompt = view.messages.find((message) => message.role === 'user')?.content ?? '';
    const file = /^Read (\S+) and answer/.exec(prompt)?.[1];
    if (file === undefined) return { text: `I do not understand: ${prompt}`, ...timing };
    if (view.turn === 0) {
      return {
        toolCalls: [{ name: 'read_file', arguments: { file_path: file } }],
        usage: { freshInput: 300, output: 20 },
        ...timing,
      };
    }
    const [read] = view.lastToolResults;
    if (read === undefined || read.isError) {
      return { text: `I could not read ${file}: ${read?.content}`, ...timing };
    }
    const lines = read.content.trim().split('\n');
    const answer = /text only/.test(prompt) ? read.content.trim() : (lines[0] ?? '');
    return { text: answer, usage: { freshInput: 350, output: 5 }, ...timing };
  };
}
