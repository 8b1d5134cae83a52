// `shieldlab merge`: shard folders written by the run writer in a temp dir, merged into one run folder; and the
// spawned CLI's exit codes and messages for merge and for bad --shard values (nothing is started).
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { thrownHarnessError } from "../errors/thrown-error.ts";
import type { RunResults, ScenarioResult, ShardRecord } from "../report/results-model.ts";
import { runResults } from "../report/results-test-support.ts";
import { writeRunReports } from "../report/run-writer.ts";
import { repoRoot } from "../util/paths.ts";
import { EXIT } from "./exit-codes.ts";
import { runMergeCommand } from "./merge-command.ts";

const sc = (name: string, over: Partial<ScenarioResult> = {}): ScenarioResult => ({
  name,
  description: "d",
  profile: "plain",
  verdict: "pass",
  checks: [{ name: "app", kind: "app-state", valid: true, message: "ok" }],
  seconds: 1,
  artifacts: name,
  ...over,
});
const NAMES = ["t/atk", "t/atk-control", "w/gcm", "w/plain"];
const rec = (index: number, scenarios: string[]): ShardRecord => ({
  index,
  count: 2,
  scenarios,
  selection: { size: 4, names: NAMES, digest: "sel" },
  split: { digest: "split", weighting: "cluster-size", weights: [4, 4] },
});
const S1: RunResults = { ...runResults("shard-one", [sc("t/atk", { finding: { kind: "defended", control: "t/atk-control" } }), sc("t/atk-control", { finding: { kind: "control" } })]), shard: rec(1, ["t/atk", "t/atk-control"]) };
const S2: RunResults = { ...runResults("shard-two", [sc("w/gcm", { finding: { kind: "defended", control: "w/plain" } }), sc("w/plain", { finding: { kind: "control" }, verdict: "fail", checks: [{ name: "app", kind: "app-state", valid: false, message: "no" }] })]), shard: rec(2, ["w/gcm", "w/plain"]) };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "shieldlab-merge-"));
  for (const r of [S1, S2]) {
    for (const s of r.scenarios) {
      mkdirSync(join(dir, r.runId, s.artifacts), { recursive: true });
      writeFileSync(join(dir, r.runId, s.artifacts, "history.json"), `{"scenario":"${s.name}"}`);
    }
    writeRunReports(join(dir, r.runId), r);
    writeFileSync(join(dir, r.runId, "harness.log"), `log of ${r.runId}\n`);
  }
  writeRunReports(join(dir, "not-a-shard"), runResults("plain", [sc("t/atk")]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("runMergeCommand", () => {
  it("writes one run folder: results.json with every row and the shards, junit, html, artifacts and logs; exits like run", () => {
    const out = join(dir, "merged");
    const printed: string[] = [];
    const r = runMergeCommand([join(dir, "shard-two"), join(dir, "shard-one", "results.json")], { out, runId: "m1", print: (t) => printed.push(t) });
    expect(r.exitCode).toBe(EXIT.failed);
    const json = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    expect(json.runId).toBe("m1");
    expect(json.scenarios.map((s: ScenarioResult) => s.name)).toEqual(NAMES);
    expect(json.merged.shards.map((s: { runId: string }) => s.runId)).toEqual(["shard-one", "shard-two"]);
    expect(json.shard).toBeUndefined();
    // the findings over the union: the attack in shard 1 is bound, gcm is not (its control failed in shard 2)
    expect(json.findings).toBeDefined();
    expect(JSON.stringify(json.findings)).toContain("w/plain");
    const junit = readFileSync(join(out, "junit.xml"), "utf8");
    expect(junit).toContain('<testsuites name="shieldlab" tests="4" failures="1" errors="1"');
    // shard 2's control failed: shard 2's attack is not bound, shard 1's is (its control passed in shard 1)
    expect(junit).toContain('name="gcm" time="1.000"><error type="finding-not-bound" message="finding defended not bound: control failed: w/plain');
    expect(junit).toMatch(/name="atk" time="1.000"><system-out>/);
    expect(readFileSync(join(out, "report.html"), "utf8")).toContain("t/atk-control");
    expect(readFileSync(join(out, "w/plain", "history.json"), "utf8")).toBe('{"scenario":"w/plain"}');
    expect(readFileSync(join(out, "harness-shard-2.log"), "utf8")).toBe("log of shard-two\n");
    expect(printed.at(-1)).toMatch(/^merged 2 shard\(s\) \(shard-one, shard-two\) into m1; reports: .*merged\/report.html/);
  });

  it("refuses a folder that already holds a run, and a shard folder as --out", () => {
    const both = [join(dir, "shard-one"), join(dir, "shard-two")];
    expect(thrownHarnessError(() => runMergeCommand(both, { out: join(dir, "merged"), print: () => undefined })).message).toMatch(/already holds a run/);
    expect(thrownHarnessError(() => runMergeCommand(both, { out: join(dir, "shard-one"), print: () => undefined })).message).toMatch(/is one of the shard folders/);
  });

  it("lists every problem in one INVALID_INPUT: a missing folder, a run that is no shard, a missing shard", () => {
    const e = thrownHarnessError(() => runMergeCommand([join(dir, "gone"), join(dir, "not-a-shard"), join(dir, "shard-one")], { out: join(dir, "never"), print: () => undefined }));
    expect(e.code).toBe("INVALID_INPUT");
    expect(e.message).toMatch(/^cannot merge: 3 problems:\n {2}- merge ".*gone": no such file or folder\n {2}- .*not-a-shard: not a shard .*\n {2}- shard 2\/2 is missing: merge needs all 2$/);
    expect(existsSync(join(dir, "never"))).toBe(false);
  });
});

/** `node bin/shieldlab.js …` with no terminal and DOCKER_HOST pointing nowhere. */
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { FORCE_COLOR: _f, NO_COLOR: _n, SHIELDLAB_DEBUG: _d, ...env } = process.env;
  return new Promise((resolve) => {
    execFile(process.execPath, ["bin/shieldlab.js", ...args], { cwd: repoRoot, env: { ...env, DOCKER_HOST: "unix:///nonexistent/docker.sock", SHIELDLAB_ARTIFACTS_DIR: join(dir, "cli-artifacts") }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

describe("shieldlab merge and run --shard (spawned)", { timeout: 90_000 }, () => {
  it("merge: exit 1 when a control failed, exit 2 with every problem listed on bad input; --help teaches the flags", async () => {
    const [merged, bad, help, runHelp] = await Promise.all([
      cli(["merge", join(dir, "shard-one"), join(dir, "shard-two"), "--out", join(dir, "merged-cli")]),
      cli(["merge", join(dir, "shard-one"), join(dir, "shard-one")]),
      cli(["merge", "--help"]),
      cli(["run", "--help"]),
    ]);
    expect(merged.code).toBe(1);
    expect(merged.stdout).toContain("merged 2 shard(s)");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/error \[INVALID_INPUT\]: cannot merge: 2 problems:\n {2}- shard 1\/2 is given 2 times: .*\n {2}- shard 2\/2 is missing: merge needs all 2\n/);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("npx shieldlab merge shard-1/ shard-2/");
    expect(runHelp.stdout).toContain("--shard");
    expect(runHelp.stdout).toContain("npx shieldlab run --shard 1/2 --durations");
  });

  it.each([
    [["--shard", "0/2"], /--shard 0\/2: I must be from 1 to N \(2\), got 0/],
    [["--shard", "3/2"], /--shard 3\/2: I must be from 1 to N \(2\), got 3/],
    [["--shard", "a/b"], /--shard wants I\/N \(the I-th of N parts, e\.g\. 1\/2\), got "a\/b"/],
    [["--durations", "x.json"], /--durations weighs a --shard split/],
    [["--shard", "1/2", "--durations", "nowhere/results.json"], /--durations ".*nowhere\/results.json": no such file or folder/],
  ])("run %j: exit 2 before anything starts", async (flags, message) => {
    const r = await cli(["run", ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(dir, "cli-artifacts"))).toBe(false);
  });
});
