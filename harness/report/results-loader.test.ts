import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { exitCodeFor } from "../cli/exit-codes.ts";
import { thrownHarnessError } from "../errors/thrown-error.ts";
import { loadRunResults } from "./results-loader.ts";
import type { RunResults } from "./results-model.ts";
import { writeRunReports } from "./run-writer.ts";

const sample: RunResults = {
  runId: "20261122-120000-aaaaaa",
  startedAt: "2026-11-22T12:00:00Z",
  endedAt: "2026-11-22T12:05:00Z",
  interrupted: false,
  versions: { hadoop: "3.4.3", spark: "4.0.5" },
  scenarios: [{ name: "wire/wire-gcm", description: "d", profile: "auth-gcm", verdict: "pass", finding: { kind: "defended" }, checks: [], seconds: 1, artifacts: "wire/wire-gcm" }],
};

describe("loadRunResults", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "shieldlab-loader-"));
    writeRunReports(join(dir, "run-a"), sample);
    symlinkSync("run-a", join(dir, "latest"));
    mkdirSync(join(dir, "empty"));
    writeFileSync(join(dir, "broken.json"), "{ not json");
    writeFileSync(join(dir, "other.json"), JSON.stringify({ hello: "world" }));
    writeFileSync(join(dir, "future.json"), JSON.stringify({ ...sample, schemaVersion: 2 }));
    writeFileSync(join(dir, "unstamped.json"), JSON.stringify(sample));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads a run folder, its results.json, and a symlink to a run (resolved to the run it names)", () => {
    const byDir = loadRunResults(join(dir, "run-a"), "--baseline");
    expect(byDir.results.runId).toBe(sample.runId);
    expect(byDir.results.scenarios[0]!.finding).toEqual({ kind: "defended" });
    expect(loadRunResults(join(dir, "run-a", "results.json"), "--baseline").file).toBe(byDir.file);
    expect(loadRunResults(join(dir, "latest"), "--baseline").file).toBe(byDir.file);
    expect(byDir.file).toMatch(/run-a\/results\.json$/);
  });

  it("reads a results.json written before the schema stamp (same layout)", () => {
    expect(loadRunResults(join(dir, "unstamped.json"), "--baseline").results.runId).toBe(sample.runId);
  });

  it("a missing path is INVALID_INPUT (exit 2) naming the flag, with a hint on what to pass", () => {
    const e = thrownHarnessError(() => loadRunResults(join(dir, "nope"), "--baseline"), "INVALID_INPUT");
    expect(e.message).toMatch(/^--baseline ".*nope": no such file or folder$/);
    expect(e.hint).toMatch(/run folder \(artifacts\/<run-id>, artifacts\/latest\), its results\.json/);
    expect(exitCodeFor(e)).toBe(2);
  });

  it("a folder without results.json, a file that is not JSON, or JSON that is not results: INVALID_INPUT", () => {
    expect(thrownHarnessError(() => loadRunResults(join(dir, "empty"), "diff A"), "INVALID_INPUT").message).toContain("the folder holds no results.json");
    expect(thrownHarnessError(() => loadRunResults(join(dir, "broken.json"), "diff A"), "INVALID_INPUT").message).toMatch(/broken\.json: not JSON/);
    const other = thrownHarnessError(() => loadRunResults(join(dir, "other.json"), "diff B"), "INVALID_INPUT");
    expect(other.message).toMatch(/^diff B .*other\.json: not a shieldlab results\.json: .*runId/);
    expect(other.message).toContain("scenarios");
  });

  it("another schema version is refused, with a hint to re-run the baseline", () => {
    const e = thrownHarnessError(() => loadRunResults(join(dir, "future.json"), "--baseline"), "INVALID_INPUT");
    expect(e.message).toMatch(/results schema version 2, this shieldlab reads version 1/);
    expect(e.hint).toMatch(/re-run the baseline/);
  });

  it("a bare run id is looked up under the artifacts folder", async () => {
    vi.stubEnv("SHIELDLAB_ARTIFACTS_DIR", dir);
    vi.resetModules();
    try {
      const fresh = await import("./results-loader.ts");
      expect(fresh.loadRunResults("run-a", "--baseline").results.runId).toBe(sample.runId);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});
