import { describe, expect, it } from "vitest";
import { thrownHarnessError } from "../errors/thrown-error.ts";
import { loadManifest, type ManifestFile } from "./manifest.ts";
import { attestPluginProblem, compareVersions, isDefaultPair, pairLabel, pairProblem, resolvePair, resolveVersion, supportedVersions } from "./version-pair.ts";

const m = loadManifest();
/** The real manifest with Spark 3.5.9's plugin support replaced. */
const withPlugin = (support: ManifestFile["sparkReleases"]["releases"][number]["attestPlugin"]): ManifestFile => ({
  ...m,
  sparkReleases: { ...m.sparkReleases, releases: m.sparkReleases.releases.map((r) => (r.version === "3.5.9" ? { ...r, attestPlugin: support } : r)) },
});

describe("compareVersions", () => {
  it("compares numerically, part by part", () => {
    expect(compareVersions("3.10.0", "3.9.9")).toBeGreaterThan(0);
    expect(compareVersions("3.5.9", "3.5.9")).toBe(0);
    expect(compareVersions("4.0.5", "4.1.0")).toBeLessThan(0);
  });
});

describe("resolveVersion", () => {
  it("takes an exact release as it is", () => {
    expect(resolveVersion(m, "spark", "3.2.1")).toBe("3.2.1");
    expect(resolveVersion(m, "hadoop", " 3.3.6 ")).toBe("3.3.6");
  });

  it("takes X.Y.x as the newest X.Y release in the manifest", () => {
    expect(resolveVersion(m, "spark", "3.2.x")).toBe("3.2.2");
    expect(resolveVersion(m, "spark", "3.5.x")).toMatch(/^3\.5\.\d+$/);
    expect(resolveVersion(m, "spark", "4.1.x")).toMatch(/^4\.1\.\d+$/);
  });

  it("refuses an unlisted release or line with INVALID_INPUT naming where and the supported ones", () => {
    const e = thrownHarnessError(() => resolveVersion(m, "spark", "3.4.1"), "INVALID_INPUT");
    expect(e.message).toContain('--spark: spark "3.4.1" is not supported; supported: 2.3.4, 2.4.5, 2.4.6, 3.2.1, 3.2.2, ');
    expect(e.message).toContain("(or 2.3.x, 2.4.x, 3.2.x, 3.3.x, 3.4.x, 3.5.x, 4.0.x, 4.1.x)");
    expect(thrownHarnessError(() => resolveVersion(m, "hadoop", "3.9.x", "versions.hadoop"), "INVALID_INPUT").message).toContain('versions.hadoop: hadoop "3.9.x"');
    expect(() => resolveVersion(m, "spark", "latest")).toThrow(/not supported/);
    expect(() => resolveVersion(m, "spark", "3.2")).toThrow(/not supported/);
  });

  it("lists versions in numeric order", () => {
    expect(supportedVersions(m, "hadoop")).toBe("3.3.6, 3.4.3, 3.5.0 (or 3.3.x, 3.4.x, 3.5.x)");
  });
});

describe("resolvePair", () => {
  it("fills the missing side from the default pair", () => {
    expect(resolvePair(m, {})).toEqual(m.defaultPair);
    expect(resolvePair(m, { spark: "3.2.x" })).toEqual({ spark: "3.2.2", hadoop: m.defaultPair.hadoop });
    expect(isDefaultPair(m, resolvePair(m, {}))).toBe(true);
    expect(isDefaultPair(m, resolvePair(m, { hadoop: "3.3.6" }))).toBe(false);
    expect(pairLabel({ spark: "3.5.9", hadoop: "3.4.3" })).toBe("spark=3.5.9,hadoop=3.4.3");
  });
});

describe("pairProblem", () => {
  it("refuses Hadoop 3.5.0 (Java 17 classes) with a Spark that runs on Java 11", () => {
    expect(pairProblem(m, { spark: "3.2.1", hadoop: "3.5.0" })).toBe("hadoop 3.5.0 needs Java 17+, but spark 3.2.1 runs on Java 11 in its image");
  });

  it("accepts pairs whose Java fits", () => {
    expect(pairProblem(m, { spark: "3.2.1", hadoop: "3.4.3" })).toBeUndefined();
    expect(pairProblem(m, { spark: "4.1.4", hadoop: "3.5.0" })).toBeUndefined();
  });
});

describe("attestPluginProblem", () => {
  it("says why a Spark that cannot carry the plugin cannot run attested scenarios", () => {
    const f = withPlugin({ cannotCarry: "javac: SparkPlugin is missing" });
    expect(attestPluginProblem(f, { spark: "3.5.9", hadoop: "3.4.3" })).toBe("spark 3.5.9 cannot carry the attestation plugin: javac: SparkPlugin is missing");
  });

  it("is undefined where the plugin compiles", () => {
    expect(attestPluginProblem(m, { spark: "3.5.9", hadoop: "3.4.3" })).toBeUndefined();
  });
});
