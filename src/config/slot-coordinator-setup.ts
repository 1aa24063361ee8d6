import type { TestProject } from 'vitest/node';
import {
  describeLimitRule,
  type LimitDisagreement,
  type ProjectLimits,
  runWideConcurrency,
  type ShardShare,
  shardConcurrency,
} from '../providers/run-wide-limits.js';
import { joinSlotCoordinator } from '../providers/shared-slot-coordinator.js';
import { PROVIDER_FACTS } from '../records/provider-facts.js';

/**
 * The agents project's global setup (agentsProject adds it). Every agents project of a Vitest
 * run shares one provider-slot coordinator in the main process, since provider limits belong to
 * an API key, not to a project: the first project's setup starts it, before any worker, with the
 * run-wide limits of every agents project the command selected (the strictest where they
 * differ, said once on the terminal); each project hands its address to its workers (`provide`),
 * and the last project's teardown stops it. Vitest runs a project's setup once per run (not per
 * watch re-run) and its teardown when the run closes, a restart included. If the coordinator
 * cannot start, the run fails here with the reason — no test runs without the run-wide limits.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const share = await joinSlotCoordinator(project.vitest, () => {
    const { concurrency, disagreements } = runWideConcurrency(agentsProjects(project));
    for (const disagreement of disagreements) {
      project.vitest.logger.warn(describeDisagreement(disagreement));
    }
    const shard = project.vitest.config.shard;
    if (!shard || shard.count <= 1) return { concurrency };
    const split = shardConcurrency(concurrency, shard.count);
    project.vitest.logger.warn(describeShardShares(shard, split.shares));
    return { concurrency: split.concurrency };
  });
  project.provide('nanogradeSlots', share.address);
  return () => share.leave();
}

/**
 * Every agents project of the run (those agentsProject made: they provide `nanograde`), whether
 * or not its files run first — so the limits stay the same through watch re-runs — and this
 * one.
 */
function agentsProjects(project: TestProject): ProjectLimits[] {
  const projects = project.vitest.projects.includes(project)
    ? project.vitest.projects
    : [...project.vitest.projects, project];
  return projects.flatMap((each) => {
    const options = each.config.provide?.nanograde;
    return options ? [{ name: each.name, concurrency: options.concurrency }] : [];
  });
}

function describeDisagreement({ provider, rules, runWide }: LimitDisagreement): string {
  const each = rules.map(({ project, rule }) => `${project}: ${describeLimitRule(rule)}`);
  return `nanograde: the agents projects of this run set different limits for ${provider} (${each.join('; ')}). Provider limits belong to an API key, not to a project, so the strictest holds across the whole run: ${describeLimitRule(runWide)}.`;
}

function describeShardShares(
  shard: { index: number; count: number },
  shares: ShardShare[],
): string {
  const each = shares.map(
    ({ provider, whole, share }) =>
      `${PROVIDER_FACTS[provider].label} ${share} at once (of ${whole.max})`,
  );
  return `nanograde: shard ${shard.index}/${shard.count}. The shards of a run go at once on the same API keys, so each keeps its share of the cloud providers' limits: ${each.join(', ')}; Ollama's stay whole (each shard's machine has its own server). Set \`concurrency\` to what your keys allow for the whole run.`;
}
