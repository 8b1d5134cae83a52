import { describe, expect, it } from "vitest";
import { PROFILE_NAMES, resolveProfile } from "../cluster/security-profile.ts";
import { loadManifest } from "../images/manifest.ts";
import { CHECK_IDS, runChecks } from "./audit-checks.ts";
import { EXPECTED_POSTURE } from "./expected-posture.ts";
import { renderedAuditInput } from "./rendered-posture.ts";

const pair = loadManifest().defaultPair;

describe("expected posture per profile (from each profile's own rendered configuration)", () => {
  it("the table names every check in every row, and has a row for every named profile", () => {
    for (const r of EXPECTED_POSTURE) expect(Object.keys(r.expected).sort(), r.label).toEqual([...CHECK_IDS].sort());
    expect(new Set(EXPECTED_POSTURE.map((r) => r.profile))).toEqual(new Set(PROFILE_NAMES));
  });

  for (const row of EXPECTED_POSTURE) {
    it(`${row.label}: every check's verdict matches the table`, () => {
      const p = resolveProfile(row.kerberos ? { profile: row.profile, kerberos: { rpcProtection: row.kerberos } } : row.profile);
      const got = Object.fromEntries(runChecks(renderedAuditInput(p, pair)).map((r) => [r.id, r.verdict]));
      expect(got).toEqual(row.expected);
    });
  }

  it("a FAIL names the scenario that reproduces it; a PASS names none", () => {
    const results = runChecks(renderedAuditInput(resolveProfile("auth-ctr"), pair));
    const by = (id: string) => results.find((r) => r.id === id)!;
    expect(by("container-executor")).toMatchObject({ verdict: "fail", scenario: "tenancy/ten-container-snoop", value: '"org.apache.hadoop.yarn.server.nodemanager.DefaultContainerExecutor"' });
    expect(by("cve-2025-55039")).toMatchObject({ verdict: "fail", scenario: "cve/cve-2025-55039-spark-4-0", value: pair.spark });
    expect(by("spark-auth").scenario).toBeUndefined();
    expect(by("nm-dirs")).toMatchObject({ verdict: "unknown", message: expect.stringMatching(/^needs node access/) });
  });
});

describe("docs/audit.md", () => {
  it("holds the expected-posture table exactly as the data says", async () => {
    const { readFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { repoRoot } = await import("../util/paths.ts");
    const { renderPostureTable } = await import("./expected-posture.ts");
    expect(readFileSync(join(repoRoot, "docs", "audit.md"), "utf8")).toContain(renderPostureTable(CHECK_IDS));
  });
});
