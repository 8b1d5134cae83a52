import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withFileLock } from "./file-lock.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "shieldlab-lock-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("withFileLock", () => {
  it("holds the lock with its pid while fn runs and removes it after, also on a throw", async () => {
    const lock = join(dir, "a.lock");
    await withFileLock(lock, async () => {
      expect(readFileSync(lock, "utf8")).toBe(String(process.pid));
    });
    expect(existsSync(lock)).toBe(false);
    await expect(withFileLock(lock, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(existsSync(lock)).toBe(false);
  });

  it("serialises two holders in one process", async () => {
    const lock = join(dir, "b.lock");
    const order: string[] = [];
    // pid 1 is alive (init) and not us: the second caller waits for the file to go
    writeFileSync(lock, "1");
    const waited: number[] = [];
    const second = withFileLock(lock, async () => void order.push("second"), { pollMs: 10, onWait: (p) => waited.push(p) });
    await new Promise((r) => setTimeout(r, 50));
    order.push("first done");
    rmSync(lock);
    await second;
    expect(order).toEqual(["first done", "second"]);
    expect(waited).toEqual([1]);
  });

  it("takes over a stale lock whose owner is gone, and times out on a live one", async () => {
    const lock = join(dir, "c.lock");
    writeFileSync(lock, "2147483646");
    expect(await withFileLock(lock, async () => "ran")).toBe("ran");
    writeFileSync(lock, "1");
    await expect(withFileLock(lock, async () => "never", { timeoutMs: 30, pollMs: 10 })).rejects.toThrow(/still held by process 1/);
  });
});
