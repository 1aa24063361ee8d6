import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

/** Notes which process loaded a test file, in $PROBE_DIR/files.jsonl: did the files share one worker? */
export function probeFile(file: string): void {
  const dir = process.env.PROBE_DIR;
  if (!dir) return;
  const line = { file, pid: process.pid };
  appendFileSync(join(dir, 'files.jsonl'), `${JSON.stringify(line)}\n`);
}
