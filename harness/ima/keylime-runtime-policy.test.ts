import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { appraiseLog } from "./keylime-appraise.ts";
import { buildRuntimePolicy, excludeMatcher, parseRuntimePolicy } from "./keylime-runtime-policy.ts";
import { imaNgEntry, violationEntry } from "./ima-template.ts";
import { thrownHarnessError } from "../errors/thrown-error.ts";

const sha256 = (s: string): Buffer => createHash("sha256").update(s).digest();
const hex = (s: string): string => sha256(s).toString("hex");

const messageOf = (fn: () => unknown): string => thrownHarnessError(fn, "INVALID_INPUT").message;

describe("Keylime runtime policy v1", () => {
  const policy = buildRuntimePolicy(
    [
      { path: "/usr/bin/java", sha256: hex("java") },
      { path: "/usr/bin/java", sha256: hex("java-update") },
      { path: "/home/attest/app.jar", sha256: hex("jar").toUpperCase() },
    ],
    { excludes: ["/tmp/.*", "/var/log/"] },
  );

  it("has exactly the v1 shape", () => {
    expect(JSON.parse(JSON.stringify(policy))).toEqual({
      meta: { version: 1 },
      release: 0,
      digests: { "/usr/bin/java": [hex("java"), hex("java-update")], "/home/attest/app.jar": [hex("jar")] },
      excludes: ["/tmp/.*", "/var/log/"],
      keyrings: {},
      ima: { ignored_keyrings: [], log_hash_alg: "sha256", dm_policy: null },
      "ima-buf": {},
      "verification-keys": "",
    });
    expect(Object.keys(policy)).toEqual(["meta", "release", "digests", "excludes", "keyrings", "ima", "ima-buf", "verification-keys"]);
  });

  it("parses its own JSON text back, and a policy with more meta fields (as keylime's generator writes)", () => {
    expect(parseRuntimePolicy(JSON.stringify(policy))).toEqual(policy);
    const withMeta = { ...policy, meta: { version: 1, generator: 3, timestamp: "2026-11-22 00:00:00" } };
    expect(parseRuntimePolicy(withMeta).meta).toMatchObject({ generator: 3 });
  });

  it("rejects bad policies naming the key", () => {
    const bad = (patch: object): string => messageOf(() => parseRuntimePolicy({ ...JSON.parse(JSON.stringify(policy)), ...patch }));
    expect(bad({ meta: { version: 2 } })).toMatch(/runtime policy\.meta\.version/);
    expect(bad({ digests: { "/x": ["ABCD"] } })).toMatch(/runtime policy\.digests\.\/x\.0: a lower-case hex/);
    expect(bad({ excludes: ["(unclosed"] })).toMatch(/runtime policy\.excludes\.0: a regular expression that compiles/);
    expect(bad({ extra: 1 })).toMatch(/unknown key\(s\) "extra"/);
    expect(bad({ ima: { ignored_keyrings: [], log_hash_alg: "md5", dm_policy: null } })).toMatch(/ima\.log_hash_alg/);
    expect(messageOf(() => parseRuntimePolicy("{not json"))).toMatch(/runtime policy: not JSON/);
  });

  it("anchors excludes at the start of the path, like Python's re.match", () => {
    const m = excludeMatcher(["/tmp/.*", "/var/log/"]);
    expect(m("/tmp/x")).toBe(true);
    expect(m("/var/log/syslog")).toBe(true);
    expect(m("/home/tmp/x")).toBe(false);
  });
});

describe("appraiseLog", () => {
  const policy = buildRuntimePolicy([
    { path: "/usr/bin/java", sha256: hex("java") },
    { path: "/home/attest/app.jar", sha256: hex("jar") },
  ], { excludes: ["/tmp/"] });
  const boot = imaNgEntry("boot_aggregate", sha256("rim"));

  it("passes a log of allowed files, skipping excluded paths and accepting boot_aggregate", () => {
    const log = [boot, imaNgEntry("/usr/bin/java", sha256("java")), imaNgEntry("/tmp/scratch", sha256("anything")), imaNgEntry("/home/attest/app.jar", sha256("jar"))];
    expect(appraiseLog(log, policy)).toEqual({ ok: true, checked: 3, excluded: 1, failures: [] });
    expect(appraiseLog(log, policy, { bootAggregate: hex("rim") }).ok).toBe(true);
  });

  it("fails a wrong digest, an unknown path and a violation, per entry", () => {
    const log = [boot, imaNgEntry("/usr/bin/java", sha256("trojan")), imaNgEntry("/usr/bin/nc", sha256("nc")), violationEntry("/home/attest/app.jar"), violationEntry("/tmp/ok")];
    const r = appraiseLog(log, policy);
    expect(r.ok).toBe(false);
    expect(r.failures.map((f) => [f.index, f.path, f.kind])).toEqual([
      [1, "/usr/bin/java", "digest_mismatch"],
      [2, "/usr/bin/nc", "not_in_allowlist"],
      [3, "/home/attest/app.jar", "violation"],
    ]);
    expect(r.failures[0]!.detail).toContain(`sha256:${hex("trojan")}`);
  });

  it("checks boot_aggregate against the policy's entry or the expected value", () => {
    expect(appraiseLog([boot], policy, { bootAggregate: hex("other rim") }).failures[0]?.kind).toBe("boot_aggregate_mismatch");
    const strict = buildRuntimePolicy([], { bootAggregate: hex("other rim") });
    expect(appraiseLog([boot], strict).failures[0]?.kind).toBe("digest_mismatch");
    expect(appraiseLog([boot], buildRuntimePolicy([], { bootAggregate: hex("rim") })).ok).toBe(true);
  });

  it("fails an entry whose template data was edited after hashing", () => {
    const real = imaNgEntry("/usr/bin/java", sha256("trojan"));
    const forged = { ...real, templateData: imaNgEntry("/usr/bin/java", sha256("java")).templateData, digest: sha256("java") };
    const r = appraiseLog([boot, forged], policy);
    expect(r.failures.map((f) => f.kind)).toEqual(["template_hash_mismatch"]);
  });
});
