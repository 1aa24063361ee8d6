import type { Stats } from 'node:fs';
import type { WorkspacePath } from '../sandbox.js';
import { quotePath, ToolError } from '../tool-error.js';

/** The stats of an existing regular file at `target`, or a ToolError saying what is there instead. */
export function requireFile(target: WorkspacePath, requested: string): Stats {
  if (target.stats === undefined) {
    throw new ToolError(
      `File ${quotePath(requested)} does not exist; use list_directory to see what is in the workspace.`,
    );
  }
  if (target.stats.isDirectory()) {
    throw new ToolError(
      `Path ${quotePath(requested)} is a folder, not a file; use list_directory to see what is in it.`,
    );
  }
  return target.stats;
}
