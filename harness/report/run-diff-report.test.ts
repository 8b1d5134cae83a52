// The comparison with a baseline in each report: console, results.json, report.html, junit.xml.
import { runResults } from "./results-test-support.ts";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { renderConsoleTable } from "./console-table.ts";
import { renderHtmlReport } from "./html-report.ts";
import { renderJunit } from "./junit-xml.ts";
import type { RunResults, ScenarioResult, Verdict } from "./results-model.ts";
import { renderChangesText } from "./run-diff-console.ts";
import { diffRuns } from "./run-diff.ts";
import { writeRunReports } from "./run-writer.ts";

const s = (name: string, verdict: Verdict, over: Partial<ScenarioResult> = {}): ScenarioResult => ({
  name,
  description: "d",
  profile: "plain",
  verdict,
  checks: [{ name: "app", kind: "app-state", valid: verdict === "pass" ? true : verdict === "fail" ? false : "unknown", message: `app ${verdict}` }],
  seconds: 1,
  artifacts: name,
  ...over,
});
const run = runResults;

const baseline = run("base-run", [
  s("wire/wire-gcm", "pass", { finding: { kind: "defended" } }),
  s("wire/wire-plain", "pass", { finding: { kind: "defended" } }),
  s("tenancy/acl", "fail"),
  s("cve/gone", "pass"),
]);
const current = run("this-run", [
  s("wire/wire-gcm", "fail", { finding: { kind: "defended" } }),
  s("wire/wire-plain", "pass", { finding: { kind: "vulnerable" } }),
  s("tenancy/acl", "pass"),
  s("cve/new-one", "pass"),
]);
const compared = (): RunResults => ({ ...current, baseline: { from: "/runs/base-run/results.json", runId: "base-run", ...diffRuns(baseline, current) } });

describe("console", () => {
  it("groups the changes, regressions first, and says a regression exits 1", () => {
    const text = renderChangesText(diffRuns(baseline, current), "CHANGES SINCE BASELINE base-run", false, ["baseline: /runs/base-run/results.json"]);
    const lines = text.split("\n");
    expect(lines.slice(0, 3)).toEqual(["CHANGES SINCE BASELINE base-run", "  baseline: /runs/base-run/results.json", "  2 regressed, 1 fixed, 1 new, 1 not in this run; 3 compared"]);
    expect(lines.indexOf("REGRESSED")).toBeLessThan(lines.indexOf("FIXED"));
    expect(text).toMatch(/REGRESSED\n {2}✗ wire\/wire-gcm +pass → fail\n {2}✗ wire\/wire-plain +finding defended → vulnerable\n/);
    expect(text).toMatch(/FIXED\n {2}✓ tenancy\/acl +fail → pass/);
    expect(text).toMatch(/NEW\n {2}\+ cve\/new-one +new: pass/);
    expect(text).toMatch(/NOT IN THIS RUN\n {2}- cve\/gone +not in this run \(was pass\)/);
    expect(lines.at(-1)).toBe("2 regression(s): exit 1");
    expect(text).not.toMatch(/\u001b\[/);
    expect(renderChangesText(diffRuns(baseline, current), "x", true)).toMatch(/\u001b\[31m/);
  });

  it("without changes says so; a long group is cut with a count", () => {
    expect(renderChangesText(diffRuns(baseline, baseline), "x").split("\n").slice(1)).toEqual(["  no changes; 4 compared", "no regressions"]);
    const many = run("b", Array.from({ length: 30 }, (_, i) => s(`x/s${i}`, "pass")));
    const text = renderChangesText(diffRuns(many, run("c", [])), "x");
    expect(text).toContain("  … and 19 more (all in results.json)");
    expect(text.split("\n").filter((l) => l.startsWith("  - "))).toHaveLength(11);
  });

  it("the run's table ends with the comparison when there is one", () => {
    expect(renderConsoleTable(current, false)).not.toContain("CHANGES SINCE BASELINE");
    const text = renderConsoleTable(compared(), false);
    expect(text).toMatch(/CHANGES SINCE BASELINE base-run\n {2}baseline: \/runs\/base-run\/results\.json\n/);
    expect(text.trimEnd().split("\n").at(-1)).toBe("2 regression(s): exit 1");
  });
});

describe("junit", () => {
  it("a regressed scenario's failure message is the change; a finding regression fails a passed test", () => {
    const xml = renderJunit(compared());
    expect(xml).toContain('tests="4" failures="2" errors="0"');
    expect(xml).toContain('<failure message="regression since baseline base-run (/runs/base-run): pass → fail — app: app fail">');
    expect(xml).toMatch(/name="wire-plain"[^>]*><failure message="regression since baseline base-run \(\/runs\/base-run\): finding defended → vulnerable">/);
    // fixed and new scenarios stay passes
    expect(xml).toMatch(/name="acl" time="1.000"><system-out>/);
  });

  it("without a baseline, a passed test is no failure and a failed one keeps its own message", () => {
    const xml = renderJunit(current);
    expect(xml).toContain('failures="1"');
    expect(xml).toContain('<failure message="app: app fail">');
    expect(xml).not.toContain("regression since baseline");
  });

  it("a known failure (fail in both runs) is not called a regression", () => {
    const r = run("c", [s("tenancy/acl", "fail")]);
    const xml = renderJunit({ ...r, baseline: { from: "/b/results.json", runId: "b", ...diffRuns(run("b", [s("tenancy/acl", "fail")]), r) } });
    expect(xml).toContain('<failure message="app: app fail">');
  });
});

describe("results.json and report.html", () => {
  const dir = mkdtempSync(join(tmpdir(), "shieldlab-diff-report-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("results.json carries baseline { from, runId, regressed, changes }", () => {
    writeRunReports(dir, compared());
    const json = JSON.parse(readFileSync(join(dir, "results.json"), "utf8"));
    expect(json.schemaVersion).toBe(1);
    expect(json.baseline.from).toBe("/runs/base-run/results.json");
    expect(json.baseline.regressed).toBe(true);
    expect(json.baseline.changes[0]).toEqual({ kind: "regressed", key: "wire/wire-gcm", name: "wire/wire-gcm", from: "pass", to: "fail", message: "pass → fail" });
  });

  it("report.html has a 'Changes since baseline' table only when compared", () => {
    const html = renderHtmlReport(compared(), dir);
    expect(html).toContain("<h2>Changes since baseline</h2>");
    expect(html).toMatch(/<tr><td style="color:#cf222e;font-weight:bold">regressed<\/td><td>wire\/wire-gcm<\/td><td>pass<\/td><td>fail<\/td>/);
    expect(html.indexOf("Changes since baseline")).toBeLessThan(html.indexOf('<section id="findings">'));
    expect(renderHtmlReport(current, dir)).not.toContain("Changes since baseline");
  });
});
