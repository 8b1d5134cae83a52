import { describe, expect, it } from "vitest";
import { HarnessError } from "../errors/harness-error.ts";
import { loadManifest } from "../images/manifest.ts";
import { runResults } from "../report/results-test-support.ts";
import type { ScenarioResult } from "../report/results-model.ts";
import { describeShard, durationsOf, planShard, selectionOf, shardItems } from "./shard-plan.ts";
import { loadAllScenarios, selectLoaded, type LoadedScenarios } from "./scenario-loader.ts";
import { validateScenario, type Scenario, type ScenarioInput } from "./scenario-schema.ts";
import { clusterKey, groupByCluster } from "./suite-runner.ts";
import { expandRuns } from "./version-runs.ts";

const m = loadManifest();
const D = `spark=${m.defaultPair.spark},hadoop=${m.defaultPair.hadoop}`;
const mk = (name: string, extra: Partial<ScenarioInput> = {}): Scenario =>
  validateScenario(
    { name, description: name, workload: [{ kind: "spark-submit", id: "pi-client", tenant: "alice", job: "pi" }], checkers: { app: { kind: "app-state", state: "FINISHED" } }, ...extra },
    name,
  );
const three = { topology: { nodeManagers: 3 } };
const loaded: LoadedScenarios = {
  scenarios: [
    // two clusters: the plain one (2 NMs) and the 3-NM one; the attack on 3 NMs names a control on the plain one
    mk("a/attack", { ...three, finding: { kind: "defended", control: "a/attack-control" } }),
    mk("a/attack-control", { finding: { kind: "control" } }),
    mk("a/plain-1"),
    mk("a/plain-2"),
    mk("b/three", three),
    mk("b/alone", { topology: { nodeManagers: 1 } }),
    mk("b/broken-attack", { topology: { nodeManagers: 4 }, finding: { kind: "defended", control: "b/broken" } }),
  ],
  failures: [{ name: "b/broken", file: "scenarios/b/broken.ts", error: new HarnessError("SCENARIO_LOAD_FAILED", "b/broken.ts: broken") }],
};
const picked = selectLoaded(loaded, ["a/", "b/"]);
const row = (name: string, seconds: number, over: Partial<ScenarioResult> = {}): ScenarioResult => ({ name, description: "d", profile: "plain", verdict: "pass", checks: [], seconds, artifacts: name, ...over });

describe("shardItems", () => {
  it("gives each scenario its clusters (pair + cluster key), its controls, and one per run without durations", () => {
    const { items, clusterStart } = shardItems({ picked, manifest: m });
    const attack = items.find((i) => i.name === "a/attack")!;
    expect(attack).toEqual({ name: "a/attack", clusters: [`${D} ${clusterKey(picked.scenarios[0]!)}`], controls: ["a/attack-control"], weight: 1 });
    expect(items.find((i) => i.name === "b/broken")).toEqual({ name: "b/broken", clusters: [], controls: [], weight: 0 });
    expect(clusterStart).toBe(1);
  });

  it("multiplies by repeats and by the pairs a scenario runs on; a blocked pair weighs nothing", () => {
    const versions = { spark: [m.defaultPair.spark, "3.5.9"] };
    const { items } = shardItems({ picked, manifest: m, versions, repeat: 3 });
    const plain = items.find((i) => i.name === "a/plain-1")!;
    expect(plain.clusters).toHaveLength(expandRuns(m, [picked.scenarios.find((s) => s.name === "a/plain-1")!], versions).runs.filter((r) => !r.blocked).length);
    expect(plain.weight).toBe(3 * plain.clusters.length);
  });

  it("weighs by recorded seconds: the same pair, else the scenario on another pair, else the file's mean", () => {
    const durations = runResults("prev", [
      row("a/attack", 30),
      row("a/attack", 50, { repeat: 2 }),
      row("a/plain-1", 7, { versions: { spark: "3.5.9", hadoop: m.defaultPair.hadoop } }),
      row("a/plain-2", 0, { verdict: "unknown" }),
      row("b/three", 13),
    ], { spark: m.defaultPair.spark, hadoop: m.defaultPair.hadoop });
    const d = durationsOf(durations);
    expect(d.of("a/attack", D)).toBe(40);
    expect(d.of("a/plain-1", D)).toBe(7);
    expect(d.of("a/plain-2", D)).toBeUndefined();
    expect(d.mean).toBe((30 + 50 + 7 + 13) / 4);
    const { items, clusterStart } = shardItems({ picked, manifest: m, durations });
    const w = Object.fromEntries(items.map((i) => [i.name, i.weight]));
    expect(w).toMatchObject({ "a/attack": 40, "a/plain-1": 7, "a/plain-2": 25, "b/three": 13, "b/alone": 25, "b/broken": 0 });
    expect(clusterStart).toBe(25);
  });
});

describe("planShard", () => {
  const plans = (n: number, durations?: Parameters<typeof planShard>[0]["durations"]) =>
    Array.from({ length: n }, (_, i) => planShard({ picked, manifest: m, durations }, { index: i + 1, count: n }));

  it("gives every scenario and every load failure to exactly one shard", () => {
    for (const n of [1, 2, 3, 5]) {
      const ps = plans(n);
      expect(ps.flatMap((p) => p.record.scenarios).sort()).toEqual([...picked.scenarios.map((s) => s.name), "b/broken"].sort());
      expect(ps.flatMap((p) => p.failures.map((f) => f.name))).toEqual(["b/broken"]);
    }
  });

  it("keeps an attack with its control on another cluster, and a control that does not load with its attack", () => {
    for (const n of [2, 3, 4]) {
      const at = (name: string): number => plans(n).findIndex((p) => p.record.scenarios.includes(name));
      expect(at("a/attack-control")).toBe(at("a/attack"));
      expect(at("b/three")).toBe(at("a/attack"));
      expect(at("a/plain-1")).toBe(at("a/attack-control"));
      expect(at("b/broken")).toBe(at("b/broken-attack"));
    }
  });

  it("runs a shard's scenarios in selection order and records the shard, the whole selection and the split", () => {
    const [p1, p2] = plans(2);
    expect(p1!.record.selection).toEqual(p2!.record.selection);
    expect(p1!.record.selection.size).toBe(8);
    expect(p1!.record.selection.names).toEqual([...picked.scenarios.map((s) => s.name), "b/broken"]);
    expect(p1!.record.split).toEqual(p2!.record.split);
    expect(p1!.record.split.weighting).toBe("cluster-size");
    expect(p1!.record).toMatchObject({ index: 1, count: 2 });
    const order = picked.scenarios.map((s) => s.name);
    for (const p of [p1!, p2!]) expect(p.scenarios.map((s) => s.name)).toEqual(order.filter((n) => p.record.scenarios.includes(n)));
    // 7 runs + 4 clusters (2, 3, 1 and 4 NodeManagers)
    expect(describeShard(p1!)).toMatch(/^shard 1\/2: \d+ of 8 scenario\(s\), weight \d+ of 11 \(by cluster-group size\)$/);
  });

  it("gives an empty shard when there are more shards than units", () => {
    const ps = plans(8);
    const empty = ps.filter((p) => p.scenarios.length + p.failures.length === 0);
    expect(empty.length).toBeGreaterThan(0);
    expect(empty[0]!.record.scenarios).toEqual([]);
  });

  it("is the same split whatever order the scenarios were selected in", () => {
    const reversed = { scenarios: [...picked.scenarios].reverse(), failures: picked.failures };
    const a = planShard({ picked, manifest: m }, { index: 1, count: 3 });
    const b = planShard({ picked: reversed, manifest: m }, { index: 1, count: 3 });
    expect(b.record.scenarios.sort()).toEqual(a.record.scenarios.sort());
    expect(b.record.split.digest).toBe(a.record.split.digest);
    expect(selectionOf({ picked: reversed, manifest: m }).digest).toBe(a.record.selection.digest);
  });

  it("records another selection digest for another selection, repeat count or version selection", () => {
    const base = selectionOf({ picked, manifest: m }).digest;
    expect(selectionOf({ picked, manifest: m, repeat: 2 }).digest).not.toBe(base);
    expect(selectionOf({ picked, manifest: m, versions: { spark: ["3.5.9"] } }).digest).not.toBe(base);
    expect(selectionOf({ picked: selectLoaded(loaded, ["a/"]), manifest: m }).digest).not.toBe(base);
  });
});

describe("the default suite's split", () => {
  it("keeps each cluster group and each attack with its controls in one shard, every scenario once (N = 2, 4)", async () => {
    const all = selectLoaded({ scenarios: await loadAllScenarios(), failures: [] }, []);
    for (const n of [2, 4]) {
      const ps = Array.from({ length: n }, (_, i) => planShard({ picked: all, manifest: m }, { index: i + 1, count: n }));
      expect(ps.flatMap((p) => p.record.scenarios).sort()).toEqual(all.scenarios.map((s) => s.name).sort());
      const shardOf = new Map(ps.flatMap((p, i) => p.record.scenarios.map((name) => [name, i] as const)));
      for (const s of all.scenarios) for (const c of [s.finding?.control ?? []].flat()) expect(shardOf.get(c), `${s.name} → ${c}`).toBe(shardOf.get(s.name));
      for (const g of groupByCluster(expandRuns(m, all.scenarios).runs).values()) expect(new Set(g.scenarios.map((s) => shardOf.get(s.name))).size).toBe(1);
    }
  });
});
