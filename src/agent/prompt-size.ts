import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { SYSTEM_PROMPT } from './system-prompt.js';
import { fileToolSchemas } from './tool-schemas.js';

/**
 * What every model pays on every turn before the conversation: the system prompt and the tool
 * schemas, counted with o200k_base (GPT-5's tokenizer; other vendors' tokenizers differ a little).
 */
export function promptSize(): { systemPrompt: number; toolSchemas: number } {
  return {
    systemPrompt: countTokens(SYSTEM_PROMPT),
    toolSchemas: countTokens(JSON.stringify(fileToolSchemas)),
  };
}
