import { describe, expect, it } from "vitest";
import { decidingEvidence, findingsByArea, findingsSummary } from "./findings.ts";
import { renderFindingsText, wrap } from "./findings-console.ts";
import { renderFindingsHtml } from "./findings-html.ts";
import { renderConsoleTable } from "./console-table.ts";
import type { CheckOutcome, RunResults, ScenarioResult } from "./results-model.ts";

const ok = (name: string, message: string): CheckOutcome => ({ name, kind: "k", valid: true, message });
const bad = (name: string, message: string): CheckOutcome => ({ name, kind: "k", valid: false, message });
function sc(name: string, over: Partial<ScenarioResult>): ScenarioResult {
  return { name, description: "d", profile: "plain", verdict: "pass", checks: [], seconds: 1, artifacts: name, ...over };
}

function run(): RunResults {
  const long = "refused: 2 appraisal(s) contraindicated: imaPolicy: 1 of 279 measured entries fail the runtime policy: #57 /opt/spark/jars/spark-core_2.13-4.0.5.jar digest_mismatch: expected one of 9f2c1d0e4b5a67788899aabbccddeeff00112233445566778899aabbccddeeff";
  return {
    runId: "r",
    startedAt: "a",
    endedAt: "b",
    interrupted: false,
    versions: {},
    scenarios: [
      sc("attestation/att-tampered-jar", { finding: { kind: "defended", control: "attestation/att-tampered-jar-control", evidence: "appraisals" }, checks: [ok("app", "FAILED as expected"), ok("appraisals", long)] }),
      sc("attestation/att-tampered-jar-control", { finding: { kind: "control", evidence: "failures" }, checks: [ok("failures", "0 of 2 executor container(s) EXITED_WITH_FAILURE")] }),
      sc("attestation/att-retry-limit", { verdict: "fail", finding: { kind: "defended", control: "attestation/att-tampered-jar-control", evidence: "failures" }, checks: [ok("failures", "3 failed"), bad("app", "the app SUCCEEDED <unexpectedly>")] }),
      sc("attestation/att-off", { finding: { kind: "control", evidence: "appraisals" }, checks: [ok("appraisals", "no appraisal")] }),
      sc("wire/wire-ctr-tamper", { finding: { kind: "vulnerable", fix: "AES/GCM or TLS for RPC", evidence: "tamper" }, checks: [ok("tamper", "undetected: the altered plaintext reached Spark")] }),
      sc("wire/wire-ctr-tamper-gcm", { finding: { kind: "defended", control: "wire/wire-ctr-tamper", evidence: "tamper" }, checks: [ok("tamper", "detected: AEADBadTagException")] }),
      sc("wire/wire-yarn-secret", { verdict: "unknown", error: "cluster failed to start\nstack…", finding: { kind: "documented-weakness", fix: "Kerberos + privacy", evidence: "secret" } }),
      sc("cluster/pi", { checks: [ok("app", "2 app(s) SUCCEEDED")] }),
    ],
  };
}

describe("findingsByArea", () => {
  const areas = findingsByArea(run());

  it("groups by area in run order and puts each control under every attack that names it", () => {
    expect(areas.map((a) => a.area)).toEqual(["attestation", "wire", "cluster"]);
    const att = areas[0]!.entries;
    expect(att.map((e) => e.id)).toEqual(["att-tampered-jar", "att-retry-limit", "att-off"]);
    expect(att[0]!.controls.map((c) => c.id)).toEqual(["att-tampered-jar-control"]);
    expect(att[1]!.controls.map((c) => c.id)).toEqual(["att-tampered-jar-control"]);
    // a control nobody in the run names stands on its own
    expect(att[2]!.label).toBe("control");
  });

  it("labels a finding only when its test passed", () => {
    const [jar, retry] = areas[0]!.entries;
    expect(jar!.label).toBe("defended");
    expect(retry!.label).toBe("not shown: defended");
    expect(areas[1]!.entries.map((e) => e.label)).toEqual(["VULNERABLE", "defended", "unknown: documented weakness"]);
    expect(areas[2]!.entries[0]!.label).toBe("no finding stated");
  });

  it("summarises shown findings by kind, then what the run did not show", () => {
    expect(findingsSummary(run())).toBe("2 defended, 1 VULNERABLE, 2 controls, 1 no finding stated; 1 not shown (test failed), 1 unknown");
  });
});

describe("decidingEvidence", () => {
  const s = run().scenarios;
  it("is the named checker's message when the test passed", () => {
    expect(decidingEvidence(s[0]!)).toMatch(/^refused: 2 appraisal/);
  });
  it("is the failing check, named, when the test failed; the first line of the error when it could not run", () => {
    expect(decidingEvidence(s[2]!)).toBe("app: the app SUCCEEDED <unexpectedly>");
    expect(decidingEvidence(s[6]!)).toBe("! cluster failed to start");
    expect(decidingEvidence(sc("x/y", { verdict: "unknown" }))).toBe("no check ran");
  });
});

describe("renderFindingsText", () => {
  const text = renderFindingsText(run());

  it("fits a 100-column terminal", () => {
    for (const line of text.split("\n")) expect(line.length, line).toBeLessThanOrEqual(100);
  });

  it("shows each finding with its test verdict, evidence, fix and its control below it", () => {
    const lines = text.split("\n");
    const jar = lines.findIndex((l) => l.startsWith("  defended") && l.includes("att-tampered-jar "));
    expect(lines[jar]).toMatch(/test PASS$/);
    expect(lines[jar + 1]).toMatch(/^ {4}refused: 2 appraisal/);
    expect(lines.slice(jar).find((l) => l.startsWith("    ↳ control"))).toContain("att-tampered-jar-control");
    expect(text).toMatch(/VULNERABLE +wire-ctr-tamper +test PASS\n {4}undetected: .*\n {4}fix: AES\/GCM or TLS for RPC/);
    expect(text).toMatch(/not shown: defended +att-retry-limit +test FAIL/);
    // a control that is a finding of its own gets only its heading beside the attack; its evidence stays in its place
    expect(text).toMatch(/defended +wire-ctr-tamper-gcm +test PASS\n {4}detected: AEADBadTagException\n {4}↳ VULNERABLE +wire-ctr-tamper +test PASS\n {2}\S/);
  });

  it("wraps long words and lines under the indent", () => {
    expect(wrap("aaa bbb ccc", 27, "    ")).toEqual(["    aaa bbb ccc"]);
    expect(wrap(`${"x".repeat(50)} y`, 24, "  ")).toEqual([`  ${"x".repeat(22)}`, `  ${"x".repeat(22)}`, "  xxxxxx y"]);
  });
});

describe("the reports lead with the findings", () => {
  it("console: the findings come before the per-check table, which still ends with the verdict counts", () => {
    const out = renderConsoleTable(run(), false);
    expect(out.startsWith("FINDINGS\n")).toBe(true);
    expect(out.indexOf("not shown: defended")).toBeLessThan(out.indexOf("✗ app: the app SUCCEEDED"));
    expect(out.split("\n").at(-1)).toBe("6 passed, 1 failed, 1 unknown");
  });

  it("html: one table per area with links to the scenario's checks, escaped", () => {
    const html = renderFindingsHtml(run());
    expect(html.match(/<table class="findings">/g)).toHaveLength(3);
    expect(html.match(/<td class="k-vulnerable">/g)).toHaveLength(2);
    expect(html).toContain('<a href="#attestation/att-tampered-jar-control">att-tampered-jar-control</a>');
    expect(html).toContain('<td class="k-vulnerable">VULNERABLE</td>');
    expect(html).toContain('<td class="s-not-shown">not shown: defended</td>');
    expect(html).toContain("app: the app SUCCEEDED &lt;unexpectedly&gt;");
    expect(html).toContain("<td>AES/GCM or TLS for RPC</td>");
    expect(html).toMatch(/<tr class="ctl">\n {2}<td class="k-control">↳ control<\/td>/);
  });
});
