import { describe, expect, it } from 'vitest';
import { CaseGate } from '../../src/vitest/case-gate.js';

const titles = new Map([
  ['reference', 'roster › reference'],
  ['null', 'roster › null'],
] as const);

/** The waiting test as the gate sees it: its siblings in the file, each with its mode. */
function waiting(modes: { reference?: string; null?: string }) {
  const tasks = [
    ...(modes.reference ? [{ name: 'roster › reference', mode: modes.reference }] : []),
    ...(modes.null ? [{ name: 'roster › null', mode: modes.null }] : []),
    { name: 'roster › gpt-5', mode: 'run' },
  ];
  return { file: { tasks } };
}

const never = new AbortController().signal;

describe('CaseGate: real models wait for the built-ins this run runs', () => {
  it('waits for both built-ins, then says why the case is broken', async () => {
    const gate = new CaseGate(titles);
    let settled: string | undefined | 'pending' = 'pending';
    const reason = gate.brokenReason(waiting({ reference: 'run', null: 'run' }), never);
    void reason.then((value) => {
      settled = value;
    });
    gate.settle('reference', undefined);
    await Promise.resolve();
    expect(settled).toBe('pending'); // null has not finished
    gate.settle('null', 'the checks pass on an empty answer');
    expect(await reason).toBe('the checks pass on an empty answer');
  });

  it('finds a sound case sound, and a case both built-ins find broken broken for both reasons', async () => {
    const sound = new CaseGate(titles);
    sound.settle('reference', undefined);
    sound.settle('null', undefined);
    expect(await sound.brokenReason(waiting({ reference: 'run', null: 'run' }), never)).toBe(
      undefined,
    );
    const both = new CaseGate(titles);
    both.settle('reference', 'the gold solution fails its own checks');
    both.settle('null', 'the checks pass on an empty answer');
    expect(await both.brokenReason(waiting({ reference: 'run', null: 'run' }), never)).toBe(
      'the gold solution fails its own checks; the checks pass on an empty answer',
    );
  });

  it('does not wait for a built-in this run leaves out (a -t filter), nor for one not declared', async () => {
    const gate = new CaseGate(titles);
    // Neither ever settles: waiting for either would hang.
    expect(await gate.brokenReason(waiting({ reference: 'skip', null: 'skip' }), never)).toBe(
      undefined,
    );
    expect(await gate.brokenReason(waiting({}), never)).toBe(undefined);
    const onlyNull = gate.brokenReason(waiting({ reference: 'skip', null: 'run' }), never);
    gate.settle('null', 'a check is misused: toHaveCalledTool: unknown option');
    expect(await onlyNull).toBe('a check is misused: toHaveCalledTool: unknown option');
  });

  it('gives up the wait when the test is aborted', async () => {
    const gate = new CaseGate(titles);
    const abort = new AbortController();
    const reason = gate.brokenReason(waiting({ reference: 'run', null: 'run' }), abort.signal);
    abort.abort(new Error('bail'));
    expect(await reason).toBe(undefined);
  });
});
