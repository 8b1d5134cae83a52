import { describe, expect, it } from "vitest";
import { loadManifest } from "../images/manifest.ts";
import type { Scenario } from "./scenario-schema.ts";
import { expandRuns, matrixPairs, pairDirName, pairsOf, pinnedOf, selectedPairs, selectionFor } from "./version-runs.ts";

const m = loadManifest();
const D = m.defaultPair;
const sc = (name: string, extra: Partial<Scenario> = {}): Scenario => ({ name, ...extra }) as unknown as Scenario;
const rows = (runs: ReturnType<typeof expandRuns>["runs"]): string[] =>
  runs.map((r) => `${r.scenario.name} ${r.pair.spark}/${r.pair.hadoop}${r.versions ? " v" : ""}${r.blocked ? " blocked" : ""}`);

describe("expandRuns", () => {
  it("runs every scenario once on the default pair when nothing is selected, without versions", () => {
    const { runs, notes } = expandRuns(m, [sc("a/x"), sc("a/y")]);
    expect(rows(runs)).toEqual([`a/x ${D.spark}/${D.hadoop}`, `a/y ${D.spark}/${D.hadoop}`]);
    expect(notes).toEqual([]);
  });

  it("applies a single selected release to every scenario and records the pair", () => {
    const { runs } = expandRuns(m, [sc("a/x")], { spark: ["3.5.9"], hadoop: ["3.3.6"] });
    expect(rows(runs)).toEqual(["a/x 3.5.9/3.3.6 v"]);
    expect(runs[0]!.versions).toEqual({ spark: "3.5.9", hadoop: "3.3.6" });
  });

  it("expands a matrix as the cross product, scenario by scenario", () => {
    const { runs } = expandRuns(m, [sc("a/x"), sc("a/y")], { spark: ["3.5.9", D.spark], hadoop: ["3.3.6", D.hadoop] });
    expect(rows(runs)).toEqual([
      "a/x 3.5.9/3.3.6 v", "a/x 3.5.9/3.4.3 v", `a/x ${D.spark}/3.3.6 v`, `a/x ${D.spark}/${D.hadoop}`,
      "a/y 3.5.9/3.3.6 v", "a/y 3.5.9/3.4.3 v", `a/y ${D.spark}/3.3.6 v`, `a/y ${D.spark}/${D.hadoop}`,
    ]);
  });

  it("keeps a scenario's pin over the selection and says so once per scenario", () => {
    const { runs, notes } = expandRuns(m, [sc("cve/x", { versions: { spark: "3.2.x" } }), sc("a/y")], { spark: ["3.5.9", "4.1.4"] });
    expect(rows(runs)).toEqual([`cve/x 3.2.2/${D.hadoop} v`, `a/y 3.5.9/${D.hadoop} v`, `a/y 4.1.4/${D.hadoop} v`]);
    expect(notes).toEqual(["cve/x pins spark 3.2.2; the run's spark 3.5.9, 4.1.4 is not applied to it"]);
  });

  it("blocks a pair whose Java does not fit, and never drops it", () => {
    const { runs } = expandRuns(m, [sc("cve/x", { versions: { spark: "3.2.1" } })], { hadoop: ["3.4.3", "3.5.0"] });
    expect(rows(runs)).toEqual(["cve/x 3.2.1/3.4.3 v", "cve/x 3.2.1/3.5.0 v blocked"]);
    expect(runs[1]!.blocked).toContain("hadoop 3.5.0 needs Java 17+");
    expect(pairsOf(runs)).toEqual([{ spark: "3.2.1", hadoop: "3.4.3" }]);
  });

  it("blocks an attested scenario where the Spark cannot carry the plugin, but not an unattested one", () => {
    const f = { ...m, sparkReleases: { ...m.sparkReleases, releases: m.sparkReleases.releases.map((r) => (r.version === "3.5.9" ? { ...r, attestPlugin: { cannotCarry: "no SparkPlugin" } } : r)) } };
    const { runs } = expandRuns(f, [sc("att/x", { attestation: {} as Scenario["attestation"] }), sc("a/y")], { spark: ["3.5.9"] });
    expect(rows(runs)).toEqual([`att/x 3.5.9/${D.hadoop} v blocked`, `a/y 3.5.9/${D.hadoop} v`]);
    expect(runs[0]!.blocked).toBe("spark 3.5.9 cannot carry the attestation plugin: no SparkPlugin");
  });

  it("blocks a scenario whose profile asks for what the Spark lacks (AES/GCM before 3.5.2), with the reason", () => {
    const gcm = sc("wire/x", { profile: { networkCrypto: "aes-gcm", rpcTls: false } as Scenario["profile"] });
    const { runs } = expandRuns(m, [gcm], { spark: ["3.2.1", "3.5.9"] });
    expect(rows(runs)).toEqual([`wire/x 3.2.1/${D.hadoop} v blocked`, `wire/x 3.5.9/${D.hadoop} v`]);
    expect(runs[0]!.blocked).toMatch(/spark 3\.2\.1 has no AES\/GCM for RPC/);
  });

  it("deduplicates a pair named twice", () => {
    expect(expandRuns(m, [sc("a/x")], { spark: ["3.5.9", "3.5.9"] }).runs).toHaveLength(1);
  });
});

describe("pairDirName", () => {
  it("names a pair's artifact folder", () => {
    expect(pairDirName({ spark: "3.5.9", hadoop: "3.4.3" })).toBe("spark-3.5.9_hadoop-3.4.3");
  });
});

describe("selectedPairs", () => {
  it("is the default pair without a selection, else the cross product", () => {
    expect(selectedPairs(m)).toEqual([D]);
    expect(selectedPairs(m, { spark: ["3.2.1", "3.5.9"], hadoop: ["3.3.6"] })).toEqual([{ spark: "3.2.1", hadoop: "3.3.6" }, { spark: "3.5.9", hadoop: "3.3.6" }]);
  });
});

describe("the @matrix rule", () => {
  // YARN's matrix: the standalone-only Spark 2.x releases are not on it
  const sparks = m.sparkReleases.releases.filter((r) => !r.standaloneOnly).map((r) => r.version);
  const hadoops = m.hadoopReleases.releases.map((r) => r.version);

  it("pairs every supported Spark with the default Hadoop, and the default Spark with every other Hadoop", () => {
    const pairs = matrixPairs(m);
    expect(pairs.slice(0, sparks.length)).toEqual(sparks.map((spark) => ({ spark, hadoop: D.hadoop })));
    expect(pairs.slice(sparks.length)).toEqual(hadoops.filter((h) => h !== D.hadoop).map((hadoop) => ({ spark: D.spark, hadoop })));
    expect(pairs).toContainEqual(D);
    expect(new Set(pairs.map((p) => `${p.spark}/${p.hadoop}`)).size).toBe(pairs.length);
    expect(pairs.some((p) => p.spark.startsWith("2."))).toBe(false);
  });

  it("applies only to a bare @matrix: a version flag wins, and other selections keep the default pair", () => {
    expect(selectionFor(m, ["@matrix"], {})).toEqual({ pairs: matrixPairs(m) });
    expect(selectionFor(m, ["@matrix"], { spark: ["3.5.9"] })).toEqual({ spark: ["3.5.9"] });
    expect(selectionFor(m, ["@matrix"], { hadoop: ["3.3.6"] })).toEqual({ hadoop: ["3.3.6"] });
    expect(selectionFor(m, ["@default", "matrix/x"], {})).toEqual({});
    expect(selectionFor(m, [], {})).toEqual({});
  });

  it("expands a scenario over the explicit pairs, not their cross product; the default pair records no versions", () => {
    const { runs } = expandRuns(m, [sc("a/x")], { pairs: [{ spark: "3.5.9", hadoop: D.hadoop }, D, { spark: D.spark, hadoop: "3.3.6" }] });
    expect(rows(runs)).toEqual([`a/x 3.5.9/${D.hadoop} v`, `a/x ${D.spark}/${D.hadoop}`, `a/x ${D.spark}/3.3.6 v`]);
  });

  it("a scenario's pin replaces its side of each pair, deduplicated, with one note", () => {
    const { runs, notes } = expandRuns(m, [sc("cve/x", { versions: { spark: "3.2.1" } })], { pairs: matrixPairs(m) });
    expect(runs.map((r) => `${r.pair.spark}/${r.pair.hadoop}`)).toEqual(["3.2.1/" + D.hadoop, ...hadoops.filter((h) => h !== D.hadoop).map((h) => `3.2.1/${h}`)]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^cve\/x pins spark 3\.2\.1; the run's spark .* is not applied to it$/);
  });

  it("selectedPairs (the images command) returns explicit pairs as they are", () => {
    expect(selectedPairs(m, { pairs: [{ spark: "3.2.1", hadoop: "3.3.6" }] })).toEqual([{ spark: "3.2.1", hadoop: "3.3.6" }]);
  });
});

describe("pinnedOf", () => {
  it("is the releases a scenario pins, as they resolved on its pair (a control's pin wins over its attack's pair)", () => {
    const run = expandRuns(m, [sc("cve/x", { versions: { spark: "3.5.x" } })], { hadoop: ["3.3.6"] }).runs[0]!;
    expect(pinnedOf(run.scenario, run.pair)).toEqual({ spark: run.pair.spark });
    expect(run.pair.spark).toMatch(/^3\.5\.\d+$/);
    expect(pinnedOf(sc("a/x"), D)).toBeUndefined();
  });
});
