import type { ProvidedContext } from 'vitest';
import type { TestProject } from 'vitest/node';
import { startSlotCoordinator } from '../providers/slot-coordinator.js';

/**
 * The agents project's global setup (agentsProject adds it): starts the provider-slot
 * coordinator in Vitest's main process before any worker, with the project's `concurrency`,
 * hands its address to the workers (`provide`), and stops it when the run ends. If it cannot
 * start, the run fails here with the reason — no test runs without the run-wide limits.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const provided: Partial<ProvidedContext> = project.getProvidedContext();
  const concurrency = provided.nanograde?.concurrency;
  const coordinator = await startSlotCoordinator(concurrency ? { concurrency } : {});
  project.provide('nanogradeSlots', coordinator.address);
  return () => coordinator.close();
}
