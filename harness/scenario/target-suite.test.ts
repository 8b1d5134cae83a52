// run --target: every scenario on the one attached target; what it cannot run is unknown with its reason; a change
// that was not undone stops the run; the gateway is removed at the end. No Docker: attach and runOne are fakes.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import { loadManifest } from "../images/manifest.ts";
import { createLogger } from "../log/logger.ts";
import type { ScenarioResult } from "../report/results-model.ts";
import type { TargetFacts } from "../target/target-facts.ts";
import { loadScenarios } from "./scenario-loader.ts";
import { runSuite } from "./suite-runner.ts";

const T = loadManifest().tenants.users;
const facts: TargetFacts = {
  capabilities: { container: true, node: false, kerberos: false },
  tenants: T,
  runningNodeManagers: 2,
  yarnAcls: false,
  proxyUsers: {},
  queues: Object.fromEntries(T.map((t) => [t, { submit: t, administer: t }])),
  gateway: loadManifest().defaultPair,
};
const { scenarios } = await loadScenarios();
const pick = (...names: string[]) => names.map((n) => scenarios.find((s) => s.name === n)!);

let root: string;
beforeEach(() => void (root = mkdtempSync(join(tmpdir(), "shieldlab-target-"))));
afterEach(() => rmSync(root, { recursive: true, force: true }));

function fakeCluster() {
  const stop = vi.fn(async () => undefined);
  return { cluster: { stop, hosts: { gateway: "gw.net" } } as unknown as StartedCluster, stop };
}
const pass = (name: string): ScenarioResult => ({ name, description: name, profile: "plain", verdict: "pass", checks: [], seconds: 1, artifacts: name });
const base = () => ({ runId: "r", runDir: join(root, "run"), log: createLogger({ consoleLevel: "silent" }), signal: new AbortController().signal });

describe("runSuite with a target", () => {
  it("runs what fits on the one target, and every other scenario is unknown with its reason", async () => {
    const { cluster, stop } = fakeCluster();
    const selection = pick("cluster/pi-deploy-modes", "secure/krb-no-ticket", "tenancy/ten-kill-foreign", "attestation/att-device-key-theft");
    const r = await runSuite(selection, { ...base(), target: { targetName: "ext", allowDestructive: false, attach: async () => ({ cluster, facts }) } });
    const rows = Object.fromEntries(r.scenarios.map((x) => [x.name, x]));
    expect(rows["secure/krb-no-ticket"]).toMatchObject({ verdict: "unknown", error: expect.stringMatching(/^not run: needs a Kerberized target — /) });
    expect(rows["attestation/att-device-key-theft"]).toMatchObject({ verdict: "unknown", error: expect.stringMatching(/^not run: needs node access — /) });
    // it ran (on this fake cluster the harness fails inside it: unknown with why, never a crash of the run)
    expect(rows["cluster/pi-deploy-modes"]!.error).toMatch(/^the harness failed while running it/);
    expect(rows["tenancy/ten-kill-foreign"]).toMatchObject({ verdict: "unknown", error: expect.stringMatching(/^not run: the target's cluster is not the scenario's — yarn\.acl\.enable/) });
    expect(stop).toHaveBeenCalledTimes(1);
    expect(r.versions.target).toBe("ext");
    expect(JSON.parse(readFileSync(join(root, "run", "target-facts.json"), "utf8"))).toMatchObject({ runningNodeManagers: 2 });
  });

  it("stops at a change that was not undone, and says so for the rest", async () => {
    const { cluster } = fakeCluster();
    const selection = pick("cluster/pi-deploy-modes", "cluster/shuffle-canary", "tenancy/ten-container-snoop");
    const { runOnTarget } = await import("./target-suite.ts");
    const r = await runOnTarget(selection, {
      ...base(),
      targetName: "ext",
      allowDestructive: false,
      attach: async () => ({ cluster, facts }),
      runOne: async (s, _c, o) => {
        if (s.name === "cluster/shuffle-canary") o.onClusterDirty?.("proxy grant still there");
        return pass(s.name);
      },
    });
    expect(r.scenarios.map((x) => [x.name, x.verdict])).toEqual([["cluster/pi-deploy-modes", "pass"], ["cluster/shuffle-canary", "pass"], ["tenancy/ten-container-snoop", "unknown"]]);
    expect(r.scenarios[2]!.error).toMatch(/not run: the target could not be put back after cluster\/shuffle-canary \(proxy grant still there\)/);
  });

  it("makes every scenario unknown when the target cannot be attached", async () => {
    const r = await runSuite(pick("cluster/pi-deploy-modes"), { ...base(), target: { targetName: "ext", allowDestructive: false, attach: async () => { throw new Error("no ResourceManager answers"); } } });
    expect(r.scenarios).toEqual([expect.objectContaining({ verdict: "unknown", error: "not run: the target could not be attached: no ResourceManager answers" })]);
  });
});
