// Writes a file so that readers see the old or the new content, never a part: temp file in the same folder, then rename.
import { chmodSync, chownSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export interface AtomicWriteOptions {
  mode?: number;
  /** Owner to give the new file (the daemon runs as root, the reader may not). */
  owner?: { uid: number; gid: number };
}

/** Replaces `file` by `data` in one rename. */
export function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  writeFileSync(tmp, data);
  chmodSync(tmp, options.mode ?? 0o644); // not left to the umask
  if (options.owner && typeof process.getuid === "function" && process.getuid() === 0) chownSync(tmp, options.owner.uid, options.owner.gid);
  renameSync(tmp, file);
}
