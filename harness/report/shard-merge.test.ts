import { describe, expect, it } from "vitest";
import { EXIT, runExitCode } from "../cli/exit-codes.ts";
import { HarnessError } from "../errors/harness-error.ts";
import { unboundFindings } from "./finding-binding.ts";
import { findingsRecord } from "./findings.ts";
import type { CheckOutcome, RunResults, ScenarioResult, ShardRecord } from "./results-model.ts";
import { runResults } from "./results-test-support.ts";
import { mergeShards, shardProblems, type ShardRun } from "./shard-merge.ts";

const ok: CheckOutcome = { name: "c", kind: "k", valid: true, message: "as expected" };
const no: CheckOutcome = { name: "c", kind: "k", valid: false, message: "not as expected" };
const sc = (name: string, over: Partial<ScenarioResult> = {}): ScenarioResult => ({ name, description: "d", profile: "plain", verdict: "pass", checks: [ok], seconds: 1, artifacts: name, ...over });
const NAMES = ["t/atk", "t/atk-control", "w/gcm", "w/plain", "x/alone"];
const record = (index: number, scenarios: string[], over: Partial<ShardRecord> = {}): ShardRecord => ({
  index,
  count: 2,
  scenarios,
  selection: { size: NAMES.length, names: NAMES, digest: "sel" },
  split: { digest: "split", weighting: "cluster-size", weights: [3, 2] },
  ...over,
});
const shard = (dir: string, rec: ShardRecord | undefined, rows: ScenarioResult[], over: Partial<RunResults> = {}): ShardRun => ({
  dir,
  results: { ...runResults(`run-${dir}`, rows), ...(rec ? { shard: rec } : {}), ...over },
});
const atk = sc("t/atk", { finding: { kind: "defended", control: "t/atk-control" } });
const ctl = sc("t/atk-control", { finding: { kind: "control" } });
const gcm = sc("w/gcm", { finding: { kind: "defended", control: "w/plain" } });
const plain = sc("w/plain", { finding: { kind: "control" } });
const alone = sc("x/alone");
const one = shard("s1", record(1, ["t/atk", "t/atk-control", "x/alone"]), [alone, atk, ctl], { startedAt: "2026-11-22T12:01:00Z", endedAt: "2026-11-22T12:09:00Z" });
const two = shard("s2", record(2, ["w/gcm", "w/plain"]), [gcm, plain]);

function thrown(f: () => unknown): HarnessError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(HarnessError);
    return e as HarnessError;
  }
  throw new Error("no error thrown");
}

describe("mergeShards", () => {
  it("joins every shard's rows in selection order, with the earliest start and the latest end", () => {
    const m = mergeShards([two, one], "merged");
    expect(m.scenarios.map((s) => s.name)).toEqual(NAMES);
    expect(m).toMatchObject({ runId: "merged", startedAt: "2026-11-22T12:00:00Z", endedAt: "2026-11-22T12:09:00Z", interrupted: false, versions: { hadoop: "3.4.3", spark: "4.0.5" } });
    expect(m.merged).toEqual({ count: 2, shards: [{ index: 1, runId: "run-s1", dir: "s1" }, { index: 2, runId: "run-s2", dir: "s2" }] });
    expect(m.shard).toBeUndefined();
    expect(runExitCode(m)).toBe(EXIT.ok);
  });

  it("binds a finding to a control that ran in another shard (findings are recomputed over the union)", () => {
    // a split made elsewhere (or by hand) that put the control in the other shard: alone, shard 2 is unbound
    const a = shard("a", record(1, ["w/gcm", "x/alone", "t/atk", "t/atk-control"]), [gcm, alone, atk, ctl]);
    const b = shard("b", record(2, ["w/plain"]), [plain]);
    expect(unboundFindings(a.results).map((s) => s.name)).toEqual(["w/gcm"]);
    const m = mergeShards([a, b], "m");
    expect(unboundFindings(m)).toEqual([]);
    expect(findingsRecord(m)).toEqual(findingsRecord(runResults("m", [atk, ctl, gcm, plain, alone])));
    expect(runExitCode(m)).toBe(EXIT.ok);
  });

  it("exits like run: a failed control in one shard unbinds its attack's finding and fails the merged run", () => {
    const m = mergeShards([one, shard("s2", record(2, ["w/gcm", "w/plain"]), [gcm, sc("w/plain", { verdict: "fail", checks: [no], finding: { kind: "control" } })])], "m");
    expect(unboundFindings(m).map((s) => s.name)).toEqual(["w/gcm"]);
    expect(runExitCode(m)).toBe(EXIT.failed);
    expect(runExitCode(mergeShards([one, shard("s2", record(2, ["w/gcm", "w/plain"]), [gcm, plain], { interrupted: true })], "m"))).toBe(EXIT.interrupted);
  });

  it("keeps a scenario's rows on several pairs and repetitions together, in the order its shard ran them", () => {
    const pair = { spark: "3.5.9", hadoop: "3.4.3" };
    const rows = [sc("w/gcm", { repeat: 1 }), sc("w/gcm", { repeat: 1, versions: pair }), sc("w/plain", { repeat: 1 }), sc("w/gcm", { repeat: 2 })];
    const m = mergeShards([one, shard("s2", record(2, ["w/gcm", "w/plain"]), rows)], "m");
    expect(m.scenarios.slice(2, 6).map((s) => `${s.name}#${s.repeat}${s.versions ? " 3.5.9" : ""}`)).toEqual(["w/gcm#1", "w/gcm#1 3.5.9", "w/gcm#2", "w/plain#1"]);
  });

  it("reports a scenario a shard was given but never reported as unknown, naming the shard", () => {
    const m = mergeShards([one, shard("s2", record(2, ["w/gcm", "w/plain"]), [gcm])], "m");
    const row = m.scenarios.find((s) => s.name === "w/plain")!;
    expect(row.verdict).toBe("unknown");
    expect(row.error).toMatch(/shard 2\/2 \(run-s2, s2\) was given it but its results.json has no row for it/);
    expect(runExitCode(m)).toBe(EXIT.failed);
  });

  it("merges an empty shard (more shards than cluster groups)", () => {
    const three = (i: number, names: string[], rows: ScenarioResult[]): ShardRun => shard(`s${i}`, record(i, names, { count: 3, split: { digest: "split", weighting: "cluster-size", weights: [3, 2, 0] } }), rows);
    const m = mergeShards([three(1, one.results.shard!.scenarios, one.results.scenarios), three(2, ["w/gcm", "w/plain"], [gcm, plain]), three(3, [], [])], "m");
    expect(m.scenarios).toHaveLength(5);
    expect(runExitCode(m)).toBe(EXIT.ok);
  });
});

describe("shards that are not one complete split", () => {
  it("is fine for one complete split", () => {
    expect(shardProblems([one, two])).toEqual([]);
  });

  it("names a missing shard", () => {
    const e = thrown(() => mergeShards([one], "m"));
    expect(e.code).toBe("INVALID_INPUT");
    expect(e.message).toBe("cannot merge: shard 2/2 is missing: merge needs all 2");
    expect(e.hint).toMatch(/npx shieldlab merge shard-1\/ shard-2\//);
  });

  it("lists every problem at once: a duplicate index, a missing one, a folder that is no shard, a load problem", () => {
    const twice = shard("s1-again", record(1, ["t/atk"]), [atk]);
    const notShard = shard("plain-run", undefined, [atk]);
    const e = thrown(() => mergeShards([one, twice, notShard], "m", ["merge gone/: no such file or folder"]));
    expect(e.message).toBe(
      [
        "cannot merge: 4 problems:",
        "  - merge gone/: no such file or folder",
        '  - plain-run: not a shard (its results.json records no "shard": it was run without --shard I/N)',
        "  - shard 1/2 is given 2 times: s1, s1-again",
        "  - shard 2/2 is missing: merge needs all 2",
      ].join("\n"),
    );
  });

  it("refuses shards of different N, selections, splits or default versions", () => {
    const n3 = shard("n3", record(2, ["w/gcm"], { count: 3 }), [gcm]);
    expect(shardProblems([one, n3])).toEqual([expect.stringMatching(/^the shards are parts of different splits: N is 2 and 3 \(s1 \(1\/2\), n3 \(2\/3\)\)$/)]);
    const other = shard("o", record(2, ["w/gcm"], { selection: { size: 9, names: NAMES, digest: "other" } }), [gcm]);
    expect(shardProblems([one, other])).toEqual(["the shards ran different selections (scenarios, --spark/--hadoop/--matrix or --repeat): s1 (1/2) (5 scenarios) vs o (2/2) (9 scenarios)"]);
    const durations = shard("d", record(2, ["w/gcm"], { split: { digest: "other", weighting: "durations", weights: [1, 1] } }), [gcm]);
    expect(shardProblems([one, durations])).toEqual([
      "the shards split the same selection differently (one used another --durations file, or none): s1 (1/2) by cluster-size, d (2/2) by durations",
    ]);
    const older = shard("v", record(2, ["w/gcm", "w/plain"]), [gcm, plain], { versions: { hadoop: "3.4.3", spark: "4.0.4" } });
    expect(shardProblems([one, older])).toEqual(["the shards ran on different default versions (spark 4.0.5, hadoop 3.4.3; spark 4.0.4, hadoop 3.4.3): their images/manifest.json differ"]);
  });

  it("lists a shard record that is not one shieldlab wrote instead of crashing on it", () => {
    const broken = shard("b", { index: 2, count: 2 } as unknown as ShardRecord, [gcm]);
    expect(shardProblems([one, broken])).toEqual([expect.stringMatching(/^b: its "shard" record is not one shieldlab wrote: .*scenarios/), "shard 2/2 is missing: merge needs all 2"]);
  });

  it("refuses nothing to merge", () => {
    expect(thrown(() => mergeShards([], "m")).message).toBe("cannot merge: no shard folder given");
  });
});
