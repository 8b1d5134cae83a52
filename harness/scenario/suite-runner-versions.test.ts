// The suite runner's version-pair grouping: one cluster per pair × cluster key, blocked runs get none.
import { describe, expect, it } from "vitest";
import { appState } from "../checkers/app-state-checker.ts";
import { loadManifest } from "../images/manifest.ts";
import { sparkPi } from "../index.ts";
import { validateScenario, type ScenarioInput } from "./scenario-schema.ts";
import { groupByCluster, splitUnbuilt } from "./suite-runner.ts";
import { expandRuns } from "./version-runs.ts";

const m = loadManifest();
const scenario = (name: string, nodeManagers: number, extra: Partial<ScenarioInput> = {}) =>
  validateScenario(
    { name, description: name, topology: { nodeManagers, tenants: ["alice"] }, workload: [sparkPi({ tenant: "alice" })], checkers: { app: appState("FINISHED", "SUCCEEDED") }, ...extra },
    `${name}.ts`,
  );

describe("groupByCluster", () => {
  const a = scenario("area/a", 1);
  const b = scenario("area/b", 1);
  const c = scenario("area/c", 2);

  it("shares a cluster between scenarios of the same key on the default pair, as before", () => {
    const groups = [...groupByCluster(expandRuns(m, [a, b, c]).runs).values()];
    expect(groups.map((g) => [g.pair, g.scenarios.map((s) => s.name)])).toEqual([
      [m.defaultPair, ["area/a", "area/b"]],
      [m.defaultPair, ["area/c"]],
    ]);
  });

  it("gives each pair of a matrix its own clusters, in scenario order", () => {
    const runs = expandRuns(m, [a, b], { spark: ["3.5.9", "4.1.4"] }).runs;
    const groups = [...groupByCluster(runs).values()];
    expect(groups.map((g) => `${g.pair.spark}: ${g.scenarios.map((s) => s.name).join(" ")}`)).toEqual(["3.5.9: area/a area/b", "4.1.4: area/a area/b"]);
  });

  it("puts a pinned scenario on its own pair's cluster", () => {
    const pinned = scenario("cve/pinned", 1, { versions: { spark: "3.2.1" } });
    const groups = [...groupByCluster(expandRuns(m, [a, pinned]).runs).values()];
    expect(groups.map((g) => `${g.pair.spark}/${g.pair.hadoop}: ${g.scenarios.map((s) => s.name).join(" ")}`)).toEqual([
      `${m.defaultPair.spark}/${m.defaultPair.hadoop}: area/a`,
      `3.2.1/${m.defaultPair.hadoop}: cve/pinned`,
    ]);
  });

  it("starts no cluster for a blocked run", () => {
    const pinned = scenario("cve/pinned", 1, { versions: { spark: "3.2.1", hadoop: "3.5.0" } });
    const { runs } = expandRuns(m, [pinned]);
    expect(runs[0]!.blocked).toContain("needs Java 17+");
    expect(groupByCluster(runs).size).toBe(0);
  });
});

describe("splitUnbuilt", () => {
  const a = scenario("area/a", 1);
  const b = scenario("area/b", 1);

  it("makes the runs of a pair whose image failed unknown with the build's error; the other pair's runs still run", () => {
    const runs = expandRuns(m, [a, b], { spark: ["3.5.9", "4.1.4"] }).runs;
    const { runnable, unbuilt } = splitUnbuilt(runs, new Map([["spark=3.5.9,hadoop=3.4.3", "CHECKSUM_MISMATCH pyspark-3.5.9.tar.gz"]]));
    expect(runnable.map((r) => `${r.pair.spark} ${r.scenario.name}`)).toEqual(["4.1.4 area/a", "4.1.4 area/b"]);
    expect(unbuilt.map((r) => `${r.pair.spark} ${r.scenario.name}`)).toEqual(["3.5.9 area/a", "3.5.9 area/b"]);
    expect(unbuilt[0]!.why).toMatch(/^not run: the image of spark=3\.5\.9,hadoop=3\.4\.3 could not be built: CHECKSUM_MISMATCH/);
    expect([...groupByCluster(runnable).values()].map((g) => g.pair.spark)).toEqual(["4.1.4"]);
  });

  it("with the default pair's image failed, only pinned runs on built pairs remain; nothing failed: everything runs", () => {
    const pinned = scenario("cve/pinned", 1, { versions: { spark: "3.2.1" } });
    const runs = expandRuns(m, [a, pinned]).runs;
    const d = `spark=${m.defaultPair.spark},hadoop=${m.defaultPair.hadoop}`;
    const { runnable, unbuilt } = splitUnbuilt(runs, new Map([[d, "docker build failed"]]));
    expect(runnable.map((r) => r.scenario.name)).toEqual(["cve/pinned"]);
    expect(unbuilt.map((r) => r.scenario.name)).toEqual(["area/a"]);
    expect(splitUnbuilt(runs, new Map()).unbuilt).toEqual([]);
  });
});
