import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isHarnessError } from "../../errors/harness-error.ts";
import { sleep } from "../../util/wait-until.ts";
import { requestTsmReport } from "./tsm-report-client.ts";

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function root(): string {
  const r = mkdtempSync(join(tmpdir(), "shieldlab-tsm-client-"));
  roots.push(r);
  return r;
}

describe("requestTsmReport waits", () => {
  it("time out naming the missing attribute when no device answers the mkdir", async () => {
    const e = await requestTsmReport(new Uint8Array(64), { root: root(), name: "r1", timeoutMs: 50 }).catch((x: unknown) => x);
    expect(isHarnessError(e, "TIMEOUT")).toBe(true);
    expect((e as Error).message).toMatch(/r1: the generation attribute .* not within .*; last state: no generation attribute$/);
  });

  it("time out naming the generation it saw when the device never answers the inblob", async () => {
    const r = root();
    const e = requestTsmReport(new Uint8Array(64), { root: r, name: "r2", timeoutMs: 200, provider: null });
    // a device that makes the attributes but never writes a report
    await sleep(20);
    writeFileSync(join(r, "r2", "provider"), "arm_cca_guest\n");
    writeFileSync(join(r, "r2", "generation"), "3\n");
    const err = await e.catch((x: unknown) => x);
    expect(isHarnessError(err, "TIMEOUT")).toBe(true);
    expect((err as Error).message).toMatch(/generation past 3 .* last state: generation 3$/);
  });
});
