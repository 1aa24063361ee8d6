import type * as FdPaths from '../../src/agent/fd-paths.js';

/**
 * The two ways the sandbox reaches folders: anchored through /proc/self/fd (Linux), and checked
 * by path as on systems without /proc (macOS, Windows). A test file runs in both by replacing
 * the probe, before anything imports it:
 *
 *   vi.mock('../../src/agent/fd-paths.js', async (real) =>
 *     (await import('./sandbox-modes.js')).switchableProbe(await real()));
 *
 * and calling useSandboxMode(mode) in a beforeAll.
 */
export const SANDBOX_MODES = ['anchored', 'checked'] as const;
export type SandboxMode = (typeof SANDBOX_MODES)[number];

const state = { procAllowed: true };

/** Makes the sandbox use `mode` from now on (anchored only where /proc works). */
export function useSandboxMode(mode: SandboxMode): void {
  state.procAllowed = mode === 'anchored';
}

/** The probe module, answering "no /proc" while the checked mode is in use. */
export function switchableProbe(real: typeof FdPaths): typeof FdPaths {
  return { fdPathsWork: async () => state.procAllowed && (await real.fdPathsWork()) };
}
