// Integration: other releases than the default pair. The CVE replays on their vulnerable and fixed releases, and the
// @matrix suite across every supported Spark (default Hadoop) and Hadoop (default Spark), each through the CLI as a
// user runs it. Images of the other pairs are built here, the first time a run needs them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { reap } from "../harness/engine/reaper.ts";
import type { RunResults } from "../harness/report/results-model.ts";
import { artifactsDir, repoRoot } from "../harness/util/paths.ts";
import { leftovers } from "./leftovers.ts";

async function runCli(selector: string): Promise<{ exitCode: number | undefined; results: RunResults; output: string }> {
  const r = await execa("node", ["bin/shieldlab.js", "run", selector], { cwd: repoRoot, reject: false, all: true, env: { CI: "true", NO_COLOR: "1" } });
  const results = JSON.parse(readFileSync(join(artifactsDir, "latest", "results.json"), "utf8")) as RunResults;
  return { exitCode: r.exitCode, results, output: (r.all ?? "").split("\n").slice(-40).join("\n") };
}

describe("other releases: CVE replays and the version matrix", () => {
  afterAll(async () => {
    await reap({ keepLiveOwners: true });
  });

  it("@cve: every replay's vulnerable and fixed half passes on its real release", async () => {
    const { exitCode, results, output } = await runCli("@cve");
    expect(results.scenarios.length).toBeGreaterThanOrEqual(18);
    for (const s of results.scenarios) expect({ name: s.name, versions: s.versions, verdict: s.verdict, error: s.error }).toEqual({ name: s.name, versions: s.versions, verdict: "pass", error: undefined });
    // the replays ran on the releases they pin (the default pair's results carry no versions)
    expect(results.scenarios.filter((s) => s.versions).map((s) => s.versions!.spark === "4.0.5" ? s.versions!.hadoop : s.versions!.spark).sort()).toEqual(expect.arrayContaining(["2.3.4", "2.4.5", "2.4.6", "3.2.1", "3.2.2", "3.3.4", "3.3.6", "3.4.0", "3.5.0"]));
    expect(exitCode, output).toBe(0);
    expect(await leftovers()).toEqual({ containers: [], networks: [] });
  });

  it("@matrix: no run fails; an unknown one says why (a release that cannot run it, or evidence that was not there)", async () => {
    const { results, output } = await runCli("@matrix");
    // 8 Spark releases × the default Hadoop + the default Spark × 2 other Hadoops = 10 pairs × (4 scenarios + the 3
    // controls they bring along: att-off, wire-plain, ten-rogue-executor-control)
    expect(results.scenarios.length, output).toBe(70);
    for (const s of results.scenarios) {
      expect({ name: s.name, versions: s.versions, verdict: s.verdict }).not.toEqual({ name: s.name, versions: s.versions, verdict: "fail" });
      const why = s.error ?? s.checks.filter((c) => c.valid === "unknown").map((c) => c.message).join("; ");
      if (s.verdict === "unknown") expect(why, s.name).not.toBe("");
    }
    // the releases without AES/GCM for RPC (3.2.1, 3.2.2, 3.3.4, 3.4.0, 3.5.0) are named as such for wire-gcm, att-ok and
    // att-off (its control, on the same attested auth-gcm cluster), not run
    expect(results.scenarios.filter((s) => /^not run: spark 3\.[2-5]\.\d has no AES\/GCM/.test(s.error ?? "")).length).toBe(15);
    // the grid of verdicts is in the HTML report
    expect(readFileSync(join(artifactsDir, "latest", "report.html"), "utf8")).toContain("Version matrix");
    expect(await leftovers()).toEqual({ containers: [], networks: [] });
  });
});
