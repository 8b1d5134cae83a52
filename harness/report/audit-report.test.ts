import { describe, expect, it } from "vitest";
import { runChecks } from "../audit/audit-checks.ts";
import type { AuditReport } from "../audit/audit-result.ts";
import { renderedAuditInput } from "../audit/rendered-posture.ts";
import { resolveProfile } from "../cluster/security-profile.ts";
import { renderAuditConsole, renderAuditHtml, renderAuditJunit, renderAuditPage } from "./audit-report.ts";
import { renderHtmlReport } from "./html-report.ts";
import { runResults } from "./results-test-support.ts";

const report: AuditReport = {
  target: "profile auth-ctr",
  startedAt: "2026-12-07T10:00:00.000Z",
  seconds: 1.25,
  clusterInfo: { hadoopVersion: "3.4.3", sparkVersion: "4.0.5", haState: "ACTIVE" },
  results: runChecks(renderedAuditInput(resolveProfile("auth-ctr"), { spark: "4.0.5", hadoop: "3.4.3" })),
};

describe("audit report", () => {
  it("console: one row per check with verdict, key = value, why, fix and the scenario to reproduce it; a summary line", () => {
    const out = renderAuditConsole(report, false);
    expect(out.split("\n")[0]).toBe("posture audit of profile auth-ctr (Hadoop 3.4.3, Spark 4.0.5, RM ACTIVE), 1.3 s");
    expect(out).toMatch(/container-executor.*FAIL/s);
    expect(out).toContain("reproduce: shieldlab run tenancy/ten-container-sn");
    expect(out.trimEnd().split("\n").pop()).toBe("5 pass, 3 warn, 9 fail, 1 unknown");
  });

  it("JUnit: FAIL is a failure, UNKNOWN an error, WARN and PASS pass; counts in the suite", () => {
    const x = renderAuditJunit(report);
    expect(x).toContain('<testsuite name="posture audit of profile auth-ctr" tests="18" failures="9" errors="1"');
    expect(x).toMatch(/<testcase classname="shieldlab.audit" name="auth">.*<failure message="simple: the cluster trusts/);
    expect(x).toMatch(/name="nm-dirs">.*<error type="unknown"/);
    expect(x).toMatch(/name="spark-auth"><properties><property name="verdict" value="pass"\/><\/properties><system-out>/);
  });

  it("HTML: a Security posture section, in the run report only when the run carries an audit, and as a page of its own", () => {
    expect(renderAuditHtml(report)).toMatch(/^<h2>Security posture<\/h2>/);
    expect(renderAuditPage(report)).toContain("<title>shieldlab audit profile auth-ctr</title>");
    const run = runResults("r1", []);
    expect(renderHtmlReport(run, "/nonexistent")).not.toContain("Security posture");
    expect(renderHtmlReport({ ...run, audit: report }, "/nonexistent")).toContain("<h2>Security posture</h2>");
  });
});
