import { agentTest } from '../../../../../src/public/index.js';
import { checkMotto, motto } from './motto-case.js';

// Every modifier once; the test reads which of them reached the fake model.
agentTest('runs', motto('runs'), checkMotto);
agentTest.skip('skipped', motto('skipped'), checkMotto);
agentTest.todo('planned with its case', motto('planned with its case'));
agentTest.todo('planned');
agentTest.skipIf(true)('skipped if', motto('skipped if'), checkMotto);
agentTest.skipIf(false)('not skipped if', motto('not skipped if'), checkMotto);
agentTest.runIf(true)('run if', motto('run if'), checkMotto);
agentTest.runIf(false)('not run if', motto('not run if'), checkMotto);
agentTest.skip.fromFile('agent-tests/tasks/motto.md', checkMotto);
