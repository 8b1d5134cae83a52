// The suite runner without Docker: a scenario that leaves its cluster changed (a layer's undo failed, its evidence was
// not fetched) is unknown, and the rest of its cluster group is "not run"; the results carry each scenario's pins.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { aclMatrixHolds } from "../checkers/acl-matrix-checker.ts";
import { layerKey, type StartedLayer } from "../cluster/cluster-layer.ts";
import { createLogger } from "../log/logger.ts";
import { findingsSummary } from "../report/findings.ts";
import { validateScenario, type ScenarioInput } from "./scenario-schema.ts";

// the layer every fake cluster carries: what its undo and collect report, scenario by scenario
let layerProblems: Array<{ undo?: string[]; collect?: string[] }> = [];
let stopped = 0;
const fakeLayer = (): StartedLayer => ({
  key: layerKey("attestation"),
  afterScenario: async () => layerProblems.shift()?.undo ?? [],
  collect: async () => [],
  stop: async () => undefined,
  [Symbol.asyncDispose]: async () => undefined,
});
let collectProblems: Array<string[]> = [];

vi.mock("../cluster/cluster-builder.ts", () => ({
  ClusterBuilder: class {
    withTopology() { return this; }
    withSecurity() { return this; }
    withRpcKeystore() { return this; }
    withLayer() { return this; }
    withKeep() { return this; }
    withLogger() { return this; }
    async start() {
      const log = { child: () => log, info: () => undefined, warn: () => undefined };
      const layer = fakeLayer();
      // the layer's collect reports the next problems queued for it
      layer.collect = async () => collectProblems.shift() ?? [];
      return { sessionId: "fake", log, layers: [layer], layer: () => undefined, collectLogs: async () => [], stop: async () => void stopped++ };
    }
  },
}));
vi.mock("../engine/reaper.ts", () => ({ reap: async () => ({ containers: [], networks: [] }) }));
vi.mock("../images/image-set.ts", async () => {
  const { loadManifest } = await import("../images/manifest.ts");
  const { pairLabel } = await import("../images/version-pair.ts");
  return { ensureImages: async () => ({ base: "b", hadoopSpark: "img", byPair: new Map([[pairLabel(loadManifest().defaultPair), "img"]]), built: [], failed: new Map() }) };
});
vi.mock("../engine/docker-engine.ts", async (original) => ({ ...(await original<object>()), engineProblem: async () => undefined }));
vi.mock("../spark/spark-profile.ts", async (original) => ({ ...(await original<object>()), applySparkProfile: async () => undefined }));
vi.mock("../util/progress.ts", () => ({ startStep: () => ({ update: () => undefined, done: () => undefined, fail: () => undefined }) }));

const { runSuite } = await import("./suite-runner.ts");

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "shieldlab-suite-"));
  layerProblems = [];
  collectProblems = [];
  stopped = 0;
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

// scenarios of one cluster key (same topology and profile): one cluster group, run in this order
const scenario = (name: string, extra: Partial<ScenarioInput> = {}) =>
  validateScenario(
    { name, description: name, workload: [{ kind: "acl-matrix", id: "matrix", matrix: { submit: {}, kill: [] } }], checkers: { matrix: aclMatrixHolds("matrix", true) }, ...extra },
    `${name}.ts`,
  );
const suite = (names: string[], extra: Record<string, Partial<ScenarioInput>> = {}) =>
  runSuite(
    names.map((n) => scenario(n, extra[n])),
    { runId: "r1", runDir: join(root, "r1"), log: createLogger({ file: join(root, "r1", "harness.log"), consoleLevel: "silent" }), signal: new AbortController().signal },
  );
const rows = (r: Awaited<ReturnType<typeof suite>>): string[] => r.scenarios.map((s) => `${s.name} ${s.verdict}${s.error ? `: ${s.error}` : ""}`);

describe("runSuite retires a cluster its scenario could not put back", () => {
  it("a failed layer undo: that scenario is unknown, the rest of its group is not run, the cluster stops once", async () => {
    layerProblems = [{}, { undo: ["verifier not reconnected"] }];
    const r = await suite(["area/a", "area/b", "area/c", "area/d"]);
    expect(rows(r)).toEqual([
      "area/a pass",
      "area/b unknown: the cluster could not be put back as it was: a layer could not undo the scenario's change: attestation: verifier not reconnected",
      "area/c unknown: not run: the cluster could not be put back after area/b (a layer could not undo the scenario's change: attestation: verifier not reconnected)",
      "area/d unknown: not run: the cluster could not be put back after area/b (a layer could not undo the scenario's change: attestation: verifier not reconnected)",
    ]);
    expect(stopped).toBe(1);
    // the reports were written with what happened
    const json = JSON.parse(readFileSync(join(root, "r1", "results.json"), "utf8")) as { scenarios: { verdict: string }[] };
    expect(json.scenarios.map((s) => s.verdict)).toEqual(["pass", "unknown", "unknown", "unknown"]);
  });

  it("a layer's evidence that could not be collected retires the cluster the same way", async () => {
    collectProblems = [["verifier audit log: fetch failed"]];
    const r = await suite(["area/a", "area/b"]);
    expect(rows(r)).toEqual([
      "area/a unknown: a layer's evidence could not be collected: attestation: verifier audit log: fetch failed",
      "area/b unknown: not run: the cluster could not be put back after area/a (a layer's evidence could not be collected: attestation: verifier audit log: fetch failed)",
    ]);
  });

  it("an attack whose control was retired with the cluster is not bound: 'control not run'", async () => {
    // the control runs after a scenario that could not be put back: its finding's attack cannot hold
    layerProblems = [{}, { undo: ["device fault still set"] }];
    const extra = { "area/attack": { finding: { kind: "defended" as const, control: "area/attack-control" } }, "area/attack-control": { finding: { kind: "control" as const } } };
    const r = await suite(["area/attack", "area/other", "area/attack-control"], extra);
    expect(r.scenarios.map((s) => s.verdict)).toEqual(["pass", "unknown", "unknown"]);
    expect(findingsSummary(r)).toBe("nothing shown; 0 not shown (test failed), 2 unknown; 1 not bound (1 control not run)");
  });

  it("records a scenario's own pins in its result", async () => {
    const { loadManifest } = await import("../images/manifest.ts");
    const d = loadManifest().defaultPair;
    const r = await suite(["area/pinned"], { "area/pinned": { versions: { hadoop: d.hadoop } } });
    expect(r.scenarios[0]).toMatchObject({ name: "area/pinned", verdict: "pass", pinned: { hadoop: d.hadoop } });
  });
});
