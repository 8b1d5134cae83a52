import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { aclMatrixHolds } from "../checkers/acl-matrix-checker.ts";
import { layerKey, type StartedLayer } from "../cluster/cluster-layer.ts";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import { runScenario } from "./scenario-runner.ts";
import { validateScenario } from "./scenario-schema.ts";

let runDir: string;
beforeEach(() => {
  runDir = mkdtempSync(join(tmpdir(), "shieldlab-run-"));
});
afterEach(() => rmSync(runDir, { recursive: true, force: true }));

/** Enough of a cluster for steps that touch nothing: an empty ACL matrix sends no request. */
function fakeCluster(layers: StartedLayer[] = []): StartedCluster {
  const log = { child: () => log, info: () => undefined, warn: () => undefined };
  return { log, collectLogs: async () => [], layer: () => undefined, layers } as unknown as StartedCluster;
}

/** A layer whose undo and evidence collection report `undo` and `collect` as their problems. */
function fakeLayer(name: string, problems: { undo?: string[]; collect?: string[] }): StartedLayer {
  return {
    key: layerKey(name),
    afterScenario: async () => problems.undo ?? [],
    collect: async () => problems.collect ?? [],
    stop: async () => undefined,
    [Symbol.asyncDispose]: async () => undefined,
  };
}

const scenario = (checkers: Record<string, unknown>) =>
  validateScenario({ name: "tenancy/runner-test", description: "d", workload: [{ kind: "acl-matrix", id: "matrix", matrix: { submit: {}, kill: [] } }], checkers }, "x.ts");

describe("runScenario", () => {
  it("dispatches each step through its module, keeps its evidence for the checkers and writes the history", async () => {
    const lines: string[] = [];
    const r = await runScenario(scenario({ matrix: aclMatrixHolds("matrix", true) }), fakeCluster(), { runDir, onProgress: (l) => lines.push(l) });
    expect(lines).toEqual(["tenancy/runner-test: matrix (tenancy matrix)"]);
    expect(r.checks).toEqual([expect.objectContaining({ name: "matrix", kind: "acl-matrix", valid: true, message: expect.stringMatching(/^all 0 cells as expected/) })]);
    expect(r.verdict).toBe("pass");
    const ops = JSON.parse(readFileSync(join(runDir, "tenancy/runner-test", "history.json"), "utf8")) as { f: string; type: string }[];
    expect(ops.map((o) => `${o.f}:${o.type}`)).toEqual(["acl-matrix:invoke", "acl-matrix:ok"]);
  });

  it("an interrupted run is unknown whatever its checks say", async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await runScenario(scenario({ matrix: aclMatrixHolds("matrix", true) }), fakeCluster(), { runDir, signal: ac.signal });
    expect(r.error).toBe("interrupted before the workload finished");
    expect(r.verdict).toBe("unknown");
  });

  it("a layer that could not undo the scenario's change makes it unknown and retires the cluster, whatever its checks say", async () => {
    const dirty: string[] = [];
    const r = await runScenario(scenario({ matrix: aclMatrixHolds("matrix", true) }), fakeCluster([fakeLayer("attestation", { undo: ["verifier not reconnected"] })]), {
      runDir,
      onClusterDirty: (why) => dirty.push(why),
    });
    expect(r.checks.map((c) => c.valid)).toEqual([true]);
    expect(r.verdict).toBe("unknown");
    expect(r.error).toBe("the cluster could not be put back as it was: a layer could not undo the scenario's change: attestation: verifier not reconnected");
    expect(dirty).toEqual(["a layer could not undo the scenario's change: attestation: verifier not reconnected"]);
  });

  it("a layer whose evidence could not be collected makes it unknown and retires the cluster", async () => {
    const dirty: string[] = [];
    const r = await runScenario(scenario({ matrix: aclMatrixHolds("matrix", true) }), fakeCluster([fakeLayer("kdc", { collect: ["kdc log: no such container"] })]), {
      runDir,
      onClusterDirty: (why) => dirty.push(why),
    });
    expect(r.verdict).toBe("unknown");
    expect(r.error).toBe("a layer's evidence could not be collected: kdc: kdc log: no such container");
    expect(dirty).toEqual(["a layer's evidence could not be collected: kdc: kdc log: no such container"]);
  });

  it("layers that undo and collect cleanly leave the verdict to the checks and the cluster in service", async () => {
    const dirty: string[] = [];
    const r = await runScenario(scenario({ matrix: aclMatrixHolds("matrix", true) }), fakeCluster([fakeLayer("kdc", {})]), { runDir, onClusterDirty: (why) => dirty.push(why) });
    expect(r.verdict).toBe("pass");
    expect(dirty).toEqual([]);
  });
});
