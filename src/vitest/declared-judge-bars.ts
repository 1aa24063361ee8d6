import { GRADES, type Grade } from '../records/grade.js';

/** `toJudgeAtLeast('B'` and the like: the matcher called with a literal grade. */
const JUDGE_CALL = /\btoJudgeAtLeast\s*\(\s*(['"`])([SABCDF])\1/g;

/**
 * The judge bars a case's check asks for, read from its code: the literal grades it passes to
 * `toJudgeAtLeast`, best first. The report's case bar must not depend on how far a failing run
 * got (a run that fails an earlier check never reaches its judge); a bar given as a variable is
 * still known once some run reaches it.
 */
export function declaredJudgeBars(check: ((...args: never[]) => unknown) | undefined): Grade[] {
  if (!check) return [];
  const found = new Set<string>();
  for (const match of Function.prototype.toString.call(check).matchAll(JUDGE_CALL)) {
    if (match[2]) found.add(match[2]);
  }
  return GRADES.filter((grade) => found.has(grade));
}
