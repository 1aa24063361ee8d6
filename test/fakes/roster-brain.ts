import type { Brain } from './fake-types.js';

/**
 * A model that does the roster task on fixtures/workspaces/team-roster: it reads team.json,
 * writes names.json (sorted names) and lists the folder in one turn, then answers with the
 * number of entries it saw. Every step depends on the tool results it really got back, so the
 * loop's plumbing is what makes it succeed.
 */
export const rosterBrain: Brain = (view) => {
  if (view.turn === 0) {
    return {
      reasoning: 'I should read the roster first.',
      toolCalls: [{ name: 'read_file', arguments: { file_path: 'team.json' } }],
      usage: { freshInput: 400, output: 20, reasoning: 10 },
    };
  }
  if (view.turn === 1) {
    const [read] = view.lastToolResults;
    if (!read || read.isError) return { text: `could not read team.json: ${read?.content}` };
    const roster = JSON.parse(read.content) as { members: { name: string }[] };
    const names = roster.members.map((member) => member.name).sort();
    return {
      toolCalls: [
        {
          name: 'write_file',
          arguments: { file_path: 'names.json', content: JSON.stringify(names) },
        },
        { name: 'list_directory', arguments: {} },
      ],
      usage: { freshInput: 300, cachedInput: 200, output: 40, reasoning: 0 },
    };
  }
  // Results come back in call order: the write's confirmation, then the listing.
  const [written, listing] = view.lastToolResults;
  const entries = (listing?.content.match(/\b(names\.json|team\.json|README\.md)\b/g) ?? []).length;
  return {
    text: written && !written.isError ? `Done: ${entries} files` : 'write failed',
    usage: { freshInput: 200, cachedInput: 500, output: 10, reasoning: 0 },
  };
};
