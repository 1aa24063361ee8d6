/** How much a head report may lose against its base before compare calls it a regression. */
export interface Tolerances {
  /** Grade steps a case × model may drop (default 0: any drop is a regression). */
  gradeSteps: number;
  /** Rise in cost, as a fraction of the base cost (default 0.25, i.e. +25%); null: cost does not gate. */
  cost: number | null;
  /** Rise in time, as a fraction (default null: time is shown, not gated — it is noisy). */
  time: number | null;
  /** Drop in pass rate, as a fraction (default 0: one more failing run is a regression). */
  passRate: number;
  /** A cost that is known in the base and unknown in the head: `fail` or `warn` (default). */
  unknownCost: 'fail' | 'warn';
  /**
   * A case × model that ran in the base and not in the head (skipped: `agentTest.skip`, a broken
   * case, a missing key), so nothing was compared: `fail` or `warn` (default, named in the headline).
   */
  notRun: 'fail' | 'warn';
}

export const DEFAULT_TOLERANCES: Tolerances = {
  gradeSteps: 0,
  cost: 0.25,
  time: null,
  passRate: 0,
  unknownCost: 'warn',
  notRun: 'warn',
};

/** Why a tolerance could not be read; the message says what is expected. */
export class ToleranceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToleranceError';
  }
}

/**
 * `25%` or `0.25` → 0.25; `off` → null. A bare number of 1 or more is refused: `cost=10` read as
 * a fraction would allow a 1000% rise, when the user almost surely meant 10%.
 */
function fraction(key: string, text: string): number | null {
  if (text === 'off' || text === 'none') return null;
  const percent = text.endsWith('%');
  const value = Number(percent ? text.slice(0, -1) : text);
  if (text === '' || text === '%' || !Number.isFinite(value) || value < 0) {
    throw new ToleranceError(`${key} must be a percentage like 25% (or off), not "${text}"`);
  }
  if (!percent && value >= 1) {
    throw new ToleranceError(
      `${key}=${text} is ambiguous: write ${key}=${text}% for ${text} percent (a bare number is a fraction: 0.25 = 25%)`,
    );
  }
  return percent ? value / 100 : value;
}

function failOrWarn(key: string, value: string): 'fail' | 'warn' {
  if (value !== 'fail' && value !== 'warn') {
    throw new ToleranceError(`${key} must be fail or warn, not "${value}"`);
  }
  return value;
}

/**
 * Reads `--tolerance` values: comma lists of `key=value` with the keys `grade` (steps),
 * `cost`, `time` and `pass-rate` (25% or 0.25, a bare number below 1; `off` turns cost or time
 * gating off) and
 * `unknown-cost` and `not-run` (`fail` or `warn`). Later values win.
 */
export function parseTolerances(
  values: readonly string[],
  base: Tolerances = DEFAULT_TOLERANCES,
): Tolerances {
  const tolerances = { ...base };
  for (const item of values.flatMap((value) => value.split(','))) {
    const text = item.trim();
    if (text === '') continue;
    const [key, value, ...rest] = text.split('=').map((part) => part.trim());
    if (value === undefined || rest.length > 0) {
      throw new ToleranceError(`expected key=value (e.g. cost=25%), not "${text}"`);
    }
    switch (key) {
      case 'grade': {
        const steps = Number(value);
        if (value === '' || !Number.isInteger(steps) || steps < 0 || steps > 5) {
          throw new ToleranceError(`grade must be a number of grade steps 0–5, not "${value}"`);
        }
        tolerances.gradeSteps = steps;
        break;
      }
      case 'cost':
        tolerances.cost = fraction(key, value);
        break;
      case 'time':
        tolerances.time = fraction(key, value);
        break;
      case 'pass-rate': {
        const drop = fraction(key, value);
        if (drop === null || drop > 1) {
          throw new ToleranceError(`pass-rate must be 0%–100%, not "${value}"`);
        }
        tolerances.passRate = drop;
        break;
      }
      case 'unknown-cost':
        tolerances.unknownCost = failOrWarn(key, value);
        break;
      case 'not-run':
        tolerances.notRun = failOrWarn(key, value);
        break;
      default:
        throw new ToleranceError(
          `unknown tolerance "${key}"; use grade, cost, time, pass-rate, unknown-cost or not-run`,
        );
    }
  }
  return tolerances;
}
