/**
 * What the agents project's plugin tells the test workers about this run (through `provide`):
 * facts only the main process knows — whether Vitest watches, whether the command line asked for
 * live model calls, and where the development response cache lives.
 */
export interface RunContext {
  /** `vitest` / `vitest --watch` (not `vitest run`). */
  watch: boolean;
  /**
   * Whether live model calls are allowed: only when the command line selected the agents project
   * (`--project agents`) or `NANOGRADE_MODELS` names the models. Otherwise real models whose
   * traffic would be live are skipped with `reason`; built-ins and cassettes still run.
   */
  live: { allowed: true } | { allowed: false; reason: string };
  /** The development response cache (watch mode): a folder under the Vitest root. */
  cacheDir: string;
}

/** The `provide`/`inject` key of the run context. */
export const RUN_CONTEXT_KEY = 'nanogradeRun';

declare module 'vitest' {
  interface ProvidedContext {
    nanogradeRun: RunContext;
  }
}
