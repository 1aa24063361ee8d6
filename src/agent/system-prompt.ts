const FILE_TOOL_COUNT = 5;
const WORKSPACE_RULE = 'Paths are relative to the workspace; nothing outside it can be reached.';
const FINAL_ANSWER =
  'reply with the final answer only: concise, and in exactly the format the task asks for.';

/**
 * The one system prompt every model gets. It is short on purpose: every model pays for it on
 * every turn, and it must not favour any vendor's prompting style.
 */
export const SYSTEM_PROMPT = [
  'You are an agent working in a workspace folder through five file tools.',
  WORKSPACE_RULE,
  'Use the tools to do the task, check your work, then',
  FINAL_ANSWER,
].join(' ');

/**
 * The nano agent's system prompt for a tool set: `SYSTEM_PROMPT` with the five file tools and
 * nothing else (so existing recordings stay valid), otherwise the same rules worded for the
 * tools the model actually has.
 */
export function systemPromptFor(tools: { fileTools: string[]; customTools: string[] }): string {
  const { fileTools, customTools } = tools;
  if (fileTools.length === FILE_TOOL_COUNT && customTools.length === 0) return SYSTEM_PROMPT;
  if (fileTools.length === 0 && customTools.length === 0) {
    return `You are an agent. Do the task, then ${FINAL_ANSWER}`;
  }
  const lead =
    fileTools.length > 0
      ? [
          'You are an agent working in a workspace folder through the tools you are given.',
          WORKSPACE_RULE,
        ]
      : ['You are an agent working through the tools you are given.'];
  return [...lead, 'Use the tools to do the task, check your work, then', FINAL_ANSWER].join(' ');
}
