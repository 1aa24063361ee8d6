import { agentTest } from '../../../../../src/public/index.js';
import { checkMotto, motto } from './motto-case.js';

// Vitest's .only: the focused case runs, the others of the file are skipped.
agentTest('unfocused', motto('unfocused'), checkMotto);
agentTest.only('focused', motto('focused'), checkMotto);
agentTest('also unfocused', motto('also unfocused'), checkMotto);
