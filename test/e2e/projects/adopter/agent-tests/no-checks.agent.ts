import { agentTest } from '../../../../../src/public/index.js';

// A case with no checks at all: it passes on any answer, an empty one included. Only the
// built-in `null` model can tell.
agentTest('no checks', {
  prompt: 'Read greeting.txt and answer with its first line.',
  workspace: 'workspace',
  reference: { answer: 'Hello from the fixture' },
});
