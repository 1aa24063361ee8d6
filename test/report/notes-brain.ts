import type { Brain, BrainTurn } from '../fakes/fake-types.js';

/** How one fake model behaves: how long each answer takes, and whether it miscounts lines. */
export interface NotesModelPlan {
  delayMs: number;
  miscounts?: boolean;
}

/**
 * The fake models of the shard fixture project (test/report/projects/shard). Turn 1: read
 * notes.txt. Turn 2: answer from what read_file really returned — its first line, or its number
 * of lines (one too few for a model that `miscounts`, so that model fails the line-count case).
 * Each model answers after its own delay, so speed grades differ by whole bands.
 */
export function notesBrain(plans: Record<string, NotesModelPlan>): Brain {
  return (view) => {
    const plan = plans[view.model];
    if (!plan) return { text: `no plan for ${view.model}` };
    const timing: Pick<BrainTurn, 'delayMs'> = { delayMs: plan.delayMs };
    if (view.turn === 0) {
      return {
        toolCalls: [{ name: 'read_file', arguments: { file_path: 'notes.txt' } }],
        usage: { freshInput: 400, output: 30, reasoning: 20 },
        ...timing,
      };
    }
    const [read] = view.lastToolResults;
    if (!read || read.isError)
      return { text: `could not read notes.txt: ${read?.content}`, ...timing };
    const lines = read.content.trim().split('\n');
    const prompt = view.messages.find((message) => message.role === 'user')?.content ?? '';
    const answer = /number of lines/.test(prompt)
      ? String(lines.length - (plan.miscounts ? 1 : 0))
      : (lines[0] ?? '');
    return { text: answer, usage: { freshInput: 300, cachedInput: 400, output: 8 }, ...timing };
  };
}
