import { chooseJudge } from '../judge/choose-judge.js';
import type { Catalog } from '../models/catalog.js';

/** `toJudgeAtLeast(…, { oracle })` or `{ judge: … }`: the check brings its own grader. */
const OWN_GRADER = /\b(?:oracle|judge)\s*:/;

/**
 * Whether a case's real-model runs need a judge model that the project picks (NANOGRADE_JUDGE,
 * agentsProject's `judge`, or a default): its check calls `toJudgeAtLeast` with a literal bar
 * (`judgeBars`, see declaredJudgeBars) and names no oracle or judge of its own, which only the
 * matcher knows at run time.
 */
export function needsProjectJudge(
  check: ((...args: never[]) => unknown) | undefined,
  judgeBars: readonly string[],
): boolean {
  if (!check || judgeBars.length === 0) return false;
  return !OWN_GRADER.test(Function.prototype.toString.call(check));
}

/**
 * Why no judge can grade a case's runs here, or undefined when one can: asked before a model is
 * paid, so a run that could only end unscored is not bought (the judge's availability check is
 * free: a key, or a look at Ollama).
 */
export async function missingJudge(
  config: string | undefined,
  catalog: Catalog,
): Promise<string | undefined> {
  const choice = await chooseJudge({ config, catalog });
  return choice.ok ? undefined : choice.message;
}
