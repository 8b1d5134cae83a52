// A lock file between shieldlab processes on one machine (image builds share .cache/): created exclusively with the
// owner's pid; a lock whose owner is gone is stale and taken over; waiting says who holds it.
import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from "node:fs";
import { dirname } from "node:path";
import { HarnessError } from "../errors/harness-error.ts";

export interface FileLockOptions {
  /** Give up after this long (default 30 min: a cold image build takes a few). */
  timeoutMs?: number;
  pollMs?: number;
  /** Called once when another live process holds the lock. */
  onWait?: (holderPid: number) => void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function tryCreate(path: string): boolean {
  try {
    const fd = openSync(path, "wx");
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  }
}

/** Runs `fn` holding the lock at `path`; the lock is removed afterwards, also when `fn` throws. */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, o: FileLockOptions = {}): Promise<T> {
  mkdirSync(dirname(path), { recursive: true });
  const deadline = Date.now() + (o.timeoutMs ?? 30 * 60_000);
  let told = false;
  while (!tryCreate(path)) {
    const holder = Number(readFileSync(path, "utf8").trim());
    if (!Number.isInteger(holder) || holder <= 0 || !alive(holder) || holder === process.pid) {
      rmSync(path, { force: true }); // stale: its owner died without cleaning up
      continue;
    }
    if (!told) o.onWait?.(holder);
    told = true;
    if (Date.now() > deadline) throw new HarnessError("TIMEOUT", `${path} is still held by process ${holder}; stop it or remove the file if that process is not shieldlab`);
    await new Promise((r) => setTimeout(r, o.pollMs ?? 1000));
  }
  try {
    return await fn();
  } finally {
    rmSync(path, { force: true });
  }
}
