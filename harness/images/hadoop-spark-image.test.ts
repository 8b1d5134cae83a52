import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { AttestBundle } from "./attest-bundles.ts";
import { hadoopSparkImageTag, writeAttestTools, writeJavaFolder, writePluginNote } from "./hadoop-spark-image.ts";
import { pairsToBuild } from "./image-set.ts";
import { fetchJavaRuntime } from "./java-runtime.ts";
import { loadManifest, manifestFor } from "./manifest.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const temp = (): string => {
  const d = mkdtempSync(join(tmpdir(), "shieldlab-hs-"));
  dirs.push(d);
  return d;
};
const bundle = (name: string, code: string): AttestBundle => ({ name, entry: `${name}.ts`, code: new TextEncoder().encode(code) });

describe("hadoopSparkImageTag", () => {
  const m = loadManifest();

  it("is stable for the same inputs", () => {
    const b = [bundle("verifier", "console.log(1)")];
    expect(hadoopSparkImageTag(m, "shieldlab/base:x", b)).toBe(hadoopSparkImageTag(m, "shieldlab/base:x", b));
  });

  it("changes when a bundle's bytes change, or a bundle appears", () => {
    const t1 = hadoopSparkImageTag(m, "shieldlab/base:x", [bundle("verifier", "console.log(1)")]);
    const t2 = hadoopSparkImageTag(m, "shieldlab/base:x", [bundle("verifier", "console.log(2)")]);
    const t3 = hadoopSparkImageTag(m, "shieldlab/base:x", [bundle("verifier", "console.log(1)"), bundle("ratls-client", "")]);
    expect(new Set([t1, t2, t3]).size).toBe(3);
  });
});

describe("hadoopSparkImageTag per version pair", () => {
  const m = loadManifest();
  const b = [bundle("verifier", "console.log(1)")];
  const tag = (spark: string, hadoop: string): string => hadoopSparkImageTag(manifestFor(m, { spark, hadoop }), "shieldlab/base:x", b);

  it("gives every pair its own tag", () => {
    const tags = ["3.2.1", "3.2.2", "3.5.9", "4.0.5", "4.1.4"].flatMap((s) => ["3.3.6", "3.4.3"].map((h) => tag(s, h)));
    expect(new Set(tags).size).toBe(tags.length);
  });

  it("is the default pair's tag for the manifest as loaded", () => {
    expect(hadoopSparkImageTag(m, "shieldlab/base:x", b)).toBe(tag(m.defaultPair.spark, m.defaultPair.hadoop));
  });

  it("changes with the plugin support of the Spark, though its versions stay", () => {
    const f = { ...m, sparkReleases: { ...m.sparkReleases, releases: m.sparkReleases.releases.map((r) => (r.version === "3.5.9" ? { ...r, attestPlugin: { cannotCarry: "x" } } : r)) } };
    expect(hadoopSparkImageTag(manifestFor(f, { spark: "3.5.9", hadoop: "3.4.3" }), "shieldlab/base:x", b)).not.toBe(tag("3.5.9", "3.4.3"));
  });
});

describe("pairsToBuild", () => {
  const m = loadManifest();
  it("is the default pair when none is asked for, else the distinct pairs in order", () => {
    expect(pairsToBuild(m, undefined)).toEqual([m.defaultPair]);
    expect(pairsToBuild(m, [])).toEqual([m.defaultPair]);
    const a = { spark: "3.5.9", hadoop: "3.4.3" };
    expect(pairsToBuild(m, [a, m.defaultPair, { ...a }])).toEqual([a, m.defaultPair]);
  });
});

describe("java and plugin folders of the build context", () => {
  it("copies a Java runtime without its cache marker, or leaves only a README for the base's Java 17", () => {
    const home = temp();
    mkdirSync(join(home, "bin"));
    writeFileSync(join(home, "bin", "java"), "#!/bin/sh\n");
    writeFileSync(join(home, ".complete"), "x");
    const withJava = join(temp(), "java");
    writeJavaFolder(withJava, home);
    expect(readdirSync(withJava).sort()).toEqual(["bin"]);
    const without = join(temp(), "java");
    writeJavaFolder(without, undefined);
    expect(readdirSync(without)).toEqual(["README"]);
  });

  it("always writes the plugin README, naming why when this Spark cannot carry the plugin", () => {
    const d = join(temp(), "attest-plugin");
    writePluginNote(d, "javac failed");
    expect(readFileSync(join(d, "README"), "utf8")).toContain("no attestation plugin for this Spark: javac failed");
    writePluginNote(d, undefined);
    expect(readFileSync(join(d, "README"), "utf8")).toContain("compiled against this Spark");
  });

  it("fetches no Java for a pair on the base image's Java 17", async () => {
    const m = loadManifest();
    expect(await fetchJavaRuntime(manifestFor(m, { spark: "4.0.5", hadoop: "3.4.3" }), "/dev/null", { update: () => undefined } as never)).toBeUndefined();
  });
});

describe("writeAttestTools", () => {
  it("writes <name>.cjs per bundle and copies only *.py from the scripts folder", () => {
    const scripts = temp();
    writeFileSync(join(scripts, "ima-fanotify.py"), "print('x')\n");
    writeFileSync(join(scripts, "notes.md"), "not copied\n");
    mkdirSync(join(scripts, "sub"));
    const out = join(temp(), "attest");
    const written = writeAttestTools([bundle("cca-device", "// device"), bundle("verifier", "// v")], out, scripts);
    expect(written).toEqual(["cca-device.cjs", "verifier.cjs", "ima-fanotify.py"]);
    expect(readdirSync(out).sort()).toEqual(["cca-device.cjs", "ima-fanotify.py", "verifier.cjs"]);
    expect(readFileSync(join(out, "verifier.cjs"), "utf8")).toBe("// v");
  });

  it("creates an empty folder when there is nothing to ship yet", () => {
    const out = join(temp(), "attest");
    expect(writeAttestTools([], out, join(tmpdir(), "shieldlab-no-such-dir"))).toEqual([]);
    expect(readdirSync(out)).toEqual([]);
  });
});
