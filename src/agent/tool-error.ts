/** A failure the model caused or can fix; its message is exactly what the model is shown. */
export class ToolError extends Error {
  override name = 'ToolError';
}

/** The path as shown in messages: JSON-quoted (so NUL bytes and newlines are visible), cut when very long. */
export function quotePath(path: string): string {
  const shown = path.length > 200 ? `${path.slice(0, 200)}…` : path;
  return JSON.stringify(shown);
}

const fsErrorMessages: Record<string, (path: string) => string> = {
  ENOENT: (path) => `${path} does not exist; use list_directory to see what is in the workspace.`,
  EISDIR: (path) => `${path} is a folder, not a file; use list_directory to see what is in it.`,
  ENOTDIR: (path) => `${path} does not exist: a part of it is a file, not a folder.`,
  ENAMETOOLONG: (path) => `${path} is too long for the file system; use a shorter path.`,
  EACCES: (path) => `Permission denied for ${path}.`,
  EPERM: (path) => `Permission denied for ${path}.`,
  ENOSPC: (path) => `No space left on the device while writing ${path}.`,
  EROFS: (path) => `${path} is on a read-only file system.`,
  EEXIST: (path) => `${path} changed while it was being used; try again.`,
};

/**
 * The model-facing message for a file-system error (Node's own messages carry absolute temp
 * paths and syscall names the model cannot use), or undefined when `error` is not one.
 */
export function fsErrorMessage(error: unknown, path: string): string | undefined {
  if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'string') {
    return undefined;
  }
  const shown = quotePath(path);
  const known = fsErrorMessages[error.code];
  if (known) return known(shown);
  return error.code.startsWith('E') ? `${shown} could not be used (${error.code}).` : undefined;
}
