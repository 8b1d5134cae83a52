// An empty shard (more shards than cluster groups) is a valid run: results.json with the shard and no rows, written
// without touching the engine, and it exits 0 so that a CI matrix job with nothing to do does not fail.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EXIT, runExitCode } from "../cli/exit-codes.ts";
import { createLogger } from "../log/logger.ts";
import type { ShardRecord } from "../report/results-model.ts";

const touched: string[] = [];
vi.mock("../engine/reaper.ts", () => ({
  reap: async () => {
    touched.push("reap");
    throw new Error("no engine in this test");
  },
}));
vi.mock("../images/image-set.ts", () => ({
  ensureImages: async () => {
    touched.push("images");
    throw new Error("no engine in this test");
  },
}));

const { runSuite } = await import("./suite-runner.ts");

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "shieldlab-shard-"));
  touched.length = 0;
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const record: ShardRecord = {
  index: 3,
  count: 3,
  scenarios: [],
  selection: { size: 2, names: ["a/x", "a/y"], digest: "d" },
  split: { digest: "s", weighting: "cluster-size", weights: [3, 0, 0] },
};

describe("an empty shard", () => {
  it("writes a results.json with its shard record and no rows, without the engine, and exits 0", async () => {
    const runDir = join(root, "run");
    const r = await runSuite([], { runId: "r", runDir, log: createLogger({ consoleLevel: "silent" }), signal: new AbortController().signal, shard: record });
    expect(touched).toEqual([]);
    expect(r.scenarios).toEqual([]);
    const file = JSON.parse(readFileSync(join(runDir, "results.json"), "utf8"));
    expect(file.shard).toEqual(record);
    expect(readFileSync(join(runDir, "junit.xml"), "utf8")).toContain("<testsuites");
    expect(runExitCode(r)).toBe(EXIT.ok);
    expect(runExitCode({ ...r, interrupted: true })).toBe(EXIT.interrupted);
  });

  it("is not a pass for a run that is not a shard: nothing ran", async () => {
    const r = await runSuite([], { runId: "r", runDir: join(root, "run2"), log: createLogger({ consoleLevel: "silent" }), signal: new AbortController().signal });
    expect(runExitCode(r)).toBe(EXIT.failed);
  });
});
