// Integration: the real cluster. The default suite passes; a failing run and a Ctrl-C'd run leave nothing behind.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newSessionId } from "../harness/engine/session.ts";
import { reap } from "../harness/engine/reaper.ts";
import { createLogger } from "../harness/log/logger.ts";
import type { RunResults } from "../harness/report/results-model.ts";
import { loadAllScenarios, selectScenarios } from "../harness/scenario/scenario-loader.ts";
import { runSuite } from "../harness/scenario/suite-runner.ts";
import { generatedSecrets } from "../harness/util/generated-secrets.ts";
import { artifactsDir, fixturesDir, repoRoot } from "../harness/util/paths.ts";
import { findSecretsInArtifacts } from "../harness/util/secret-redactor.ts";
import { leftovers } from "./leftovers.ts";

async function runSelected(dir: string | undefined, selectors: string[]): Promise<{ results: RunResults; runDir: string }> {
  const scenarios = selectScenarios(await loadAllScenarios(dir), selectors);
  const runId = `test-${newSessionId()}`;
  const runDir = join(artifactsDir, runId);
  const log = createLogger({ file: join(runDir, "harness.log"), consoleLevel: "warn" });
  // two lanes, as `shieldlab run` does by default
  const results = await runSuite(scenarios, { runId, runDir, log, signal: new AbortController().signal, lanes: 2 });
  return { results, runDir };
}

describe("real Spark on real YARN", () => {
  beforeAll(async () => {
    await reap({ keepLiveOwners: true });
  });
  afterAll(async () => {
    await reap({ keepLiveOwners: true });
  });

  it("runs the default suite: Pi as alice in client and cluster mode, FINISHED/SUCCEEDED, estimate within 0.01 of π", async () => {
    const { results, runDir } = await runSelected(undefined, []);
    const names = results.scenarios.map((s) => s.name);
    expect(names).toContain("cluster/pi-deploy-modes");
    for (const s of results.scenarios) expect({ name: s.name, verdict: s.verdict, error: s.error }).toEqual({ name: s.name, verdict: "pass", error: undefined });

    const pi = results.scenarios.find((s) => s.name === "cluster/pi-deploy-modes")!;
    const apps = pi.checks.find((c) => c.name === "app")!.evidence!.apps as { state: string; finalStatus: string; app: string }[];
    expect(apps).toHaveLength(2);
    for (const a of apps) expect([a.state, a.finalStatus]).toEqual(["FINISHED", "SUCCEEDED"]);
    const estimates = pi.checks.find((c) => c.name === "estimate")!.evidence!.estimates as { estimate: number; source: string }[];
    expect(estimates).toHaveLength(2);
    for (const e of estimates) expect(Math.abs(e.estimate - Math.PI)).toBeLessThanOrEqual(0.01);
    // one estimate came from the client-mode driver, the other from the AM container's stdout on a NodeManager
    expect(estimates.some((e) => e.source.includes("client-mode"))).toBe(true);
    expect(estimates.some((e) => /_01_000001\/stdout$/.test(e.source))).toBe(true);

    expect(existsSync(join(runDir, "results.json"))).toBe(true);
    expect(readFileSync(join(runDir, "junit.xml"), "utf8")).toContain('failures="0"');
    expect(existsSync(join(runDir, "cluster/pi-deploy-modes/logs/rm.log"))).toBe(true);
    // every cluster generated its keystore password; none of them is left in any artifact but the pcaps
    expect(generatedSecrets().length).toBeGreaterThan(0);
    expect(findSecretsInArtifacts(runDir, generatedSecrets())).toEqual([]);
    expect(await leftovers()).toEqual({ containers: [], networks: [] });
  });

  it("reports a failing scenario as fail (the checkers can fail on real evidence) and leaves nothing behind", async () => {
    const { results } = await runSelected(join(fixturesDir, "scenarios"), ["negative/pi-wrong-expectations"]);
    const s = results.scenarios[0]!;
    expect(s.verdict).toBe("fail");
    const byName = Object.fromEntries(s.checks.map((c) => [c.name, c.valid]));
    expect(byName).toEqual({ app: false, estimate: false });
    expect(await leftovers()).toEqual({ containers: [], networks: [] });
  });

  it("tears down on Ctrl-C: exit 130, reports written with interrupted=true, nothing left", async () => {
    const child = execa("node", ["bin/shieldlab.js", "run", "cluster/pi-deploy-modes"], { cwd: repoRoot, reject: false, all: true, env: { CI: "true", NO_COLOR: "1" } });
    let seen = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the run never reached its first scenario:\n${seen}`)), 10 * 60_000);
      void child.then((r) => {
        clearTimeout(timer);
        reject(new Error(`the run ended (exit ${r.exitCode}) before its first scenario:\n${seen}`));
      });
      child.all!.on("data", (c: Buffer) => {
        seen += c.toString().replace(/\x1b\[[0-9;]*m/g, "");
        if (seen.includes("[scenario] cluster/pi-deploy-modes")) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    // let spark-submit get going, then interrupt
    await new Promise((r) => setTimeout(r, 5_000));
    child.kill("SIGINT");
    const r = await child;
    expect(r.exitCode, r.all).toBe(130);
    const latest = JSON.parse(readFileSync(join(artifactsDir, "latest", "results.json"), "utf8")) as RunResults;
    expect(latest.interrupted).toBe(true);
    expect(latest.scenarios.map((s) => s.verdict)).toEqual(["unknown"]);
    expect(await leftovers()).toEqual({ containers: [], networks: [] });
  });
});
