import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { manifestPath, osUsers, parseManifest, type Manifest } from "./manifest.ts";
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
  it("parses the real images/manifest.json", () => {
    const m = parseManifest(realText);
    expect(m.hadoop.version).toMatch(/^3\.4\.\d+$/);
    expect(m.spark.version).toMatch(/^4\.\d+\.\d+$/);
    expect(m.spark.sha256).toMatch(/^[0-9a-f]{64}$/);
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

  it("rejects a Hadoop 2 version naming hadoop.version", () => {
    const e = errorOf(() => parseManifest(variant((m) => (m.hadoop.version = "2.10.1")), "manifest.json"));
    expect(e.message).toContain("manifest.json: hadoop.version: a Hadoop 3.4.x version");
    expect(e.message).toContain('got "2.10.1"');
  });

  it("rejects a Spark 3 version naming spark.version", () => {
    expect(() => parseManifest(variant((m) => (m.spark.version = "3.5.1")), "manifest.json")).toThrow(/spark\.version: a Spark 4\.x version/);
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
