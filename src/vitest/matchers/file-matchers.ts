import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { MatcherState } from 'vitest';
import { formatText, truncate } from './describe-run.js';
import { type MatcherOutcome, outcome } from './matcher-outcome.js';
import { MatcherUsageError } from './matcher-usage-error.js';
import { expectWorkspaceFolder, kindOf } from './received-values.js';
import { isSchema, type Schema, schemaIssues } from './schema-check.js';
import { describeTextDifference } from './text-difference.js';

/**
 * What a file's content is checked against: a string (exact match), a RegExp, a zod schema (the
 * file is parsed as JSON), or a predicate that gets the content as text.
 */
export type FileContentMatcher = string | RegExp | Schema | ((content: string) => boolean);

const LISTED = 20;

function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** Resolves a path given to the matcher inside the workspace, or throws a TypeError. */
function resolveInside(folder: string, relativePath: unknown): string {
  if (typeof relativePath !== 'string' || relativePath === '') {
    throw new MatcherUsageError(
      `toHaveFile expects a path relative to the workspace, got ${kindOf(relativePath)}`,
    );
  }
  if (isAbsolute(relativePath)) {
    throw new MatcherUsageError(
      `toHaveFile expects a path relative to the workspace, got the absolute path "${relativePath}"`,
    );
  }
  const path = resolve(folder, relativePath);
  if (path === folder) {
    throw new MatcherUsageError(
      `toHaveFile: "${relativePath}" is the workspace folder itself, not a file in it`,
    );
  }
  if (!isInside(folder, path)) {
    throw new MatcherUsageError(
      `toHaveFile: "${relativePath}" is outside the workspace (${folder})`,
    );
  }
  return path;
}

function expectContentMatcher(content: unknown): FileContentMatcher | undefined {
  if (
    content === undefined ||
    typeof content === 'string' ||
    content instanceof RegExp ||
    typeof content === 'function' ||
    isSchema(content)
  ) {
    return content as FileContentMatcher | undefined;
  }
  throw new MatcherUsageError(
    `toHaveFile expects the content to match as a string, RegExp, zod schema or predicate, got ${kindOf(content)}`,
  );
}

/** A folder's entries, folders marked with `/`, capped. */
function listFolder(folder: string): string {
  const entries = readdirSync(folder, { withFileTypes: true })
    .map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name))
    .sort();
  if (entries.length === 0) return '(nothing)';
  const shown = entries.slice(0, LISTED).join(', ');
  return entries.length > LISTED ? `${shown}, … and ${entries.length - LISTED} more` : shown;
}

/** What the workspace holds, for a missing file: its top level, and the file's own folder when that exists. */
function describeContents(folder: string, path: string): string {
  const lines = [`The workspace (${folder}) contains: ${listFolder(folder)}`];
  let parent = dirname(path);
  while (parent !== folder && statSync(parent, { throwIfNoEntry: false }) === undefined) {
    parent = dirname(parent);
  }
  if (parent !== folder && statSync(parent).isDirectory()) {
    lines.push(`${relative(folder, parent)}/ contains: ${listFolder(parent)}`);
  }
  return lines.join('\n');
}

function describeMatcher(content: FileContentMatcher): string {
  if (typeof content === 'string') return 'equal the expected text';
  if (content instanceof RegExp) return `match ${content}`;
  if (typeof content === 'function') {
    return `satisfy the predicate ${truncate(String(content).replace(/\s+/g, ' '), 100)}`;
  }
  return 'be JSON matching the schema';
}

/** Checks the content; returns null when it matches, else why not. */
function contentProblem(content: FileContentMatcher, text: string): string | null {
  if (typeof content === 'string') return describeTextDifference(content, text);
  if (content instanceof RegExp) {
    // A /g or /y RegExp keeps state between calls; a copy without them tests the same thing statelessly.
    const stateless = new RegExp(content.source, content.flags.replace(/[gy]/g, ''));
    return stateless.test(text) ? null : 'it does not match';
  }
  if (typeof content === 'function') return content(text) ? null : 'the predicate returned false';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `it is not valid JSON (${(error as Error).message})`;
  }
  const issues = schemaIssues(content, value);
  return issues === null ? null : `its JSON does not match the schema:\n${issues}`;
}

/**
 * Checks that the workspace folder has a file at `relativePath` (which must stay inside it), and
 * optionally that its content matches. `.not` passes when the file is missing or does not match.
 */
export function toHaveFile(
  this: MatcherState,
  received: unknown,
  relativePath: string,
  content?: FileContentMatcher,
): MatcherOutcome {
  const folder = resolve(expectWorkspaceFolder('toHaveFile', received));
  const path = resolveInside(folder, relativePath);
  const matcher = expectContentMatcher(content);
  const wanted = `have ${relativePath}${matcher === undefined ? '' : ` (content to ${describeMatcher(matcher)})`}`;
  const missing = (why: string) =>
    outcome(
      false,
      () => `expected the workspace to ${wanted}, but ${why}`,
      () => '',
    );

  const stats = statSync(path, { throwIfNoEntry: false });
  if (stats === undefined) {
    return missing(`there is no such file\n${describeContents(folder, path)}`);
  }
  // The agent's tools never follow links out of the workspace, so neither does the check.
  if (!isInside(realpathSync(folder), realpathSync(path))) {
    return missing(`${relativePath} is a link to ${realpathSync(path)}, outside the workspace`);
  }
  if (stats.isDirectory()) {
    return missing(`${relativePath} is a folder (it contains: ${listFolder(path)})`);
  }

  const text = readFileSync(path, 'utf8');
  const shown = formatText(`Content of ${relativePath}`, text);
  const doesNot = () => `expected the workspace NOT to ${wanted}, but it does\n${shown}`;
  if (matcher === undefined) return outcome(true, () => '', doesNot);

  const problem = contentProblem(matcher, text);
  const diff = typeof matcher === 'string' ? { actual: text, expected: matcher } : undefined;
  return outcome(
    problem === null,
    () =>
      `expected ${relativePath} in the workspace to ${describeMatcher(matcher)}, but ${problem}\n${shown}`,
    doesNot,
    diff,
  );
}
