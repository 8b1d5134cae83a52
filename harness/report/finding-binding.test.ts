import { describe, expect, it } from "vitest";
import { EXIT, runExitCode } from "../cli/exit-codes.ts";
import { bindControls, controlState, unboundBy, unboundFindings } from "./finding-binding.ts";
import { findingsByArea, findingsRecord, findingsSummary } from "./findings.ts";
import { renderFindingsText } from "./findings-console.ts";
import { renderFindingsHtml } from "./findings-html.ts";
import { renderConsoleTable } from "./console-table.ts";
import { renderJunit } from "./junit-xml.ts";
import type { CheckOutcome, RunResults, ScenarioResult } from "./results-model.ts";
import { runResults } from "./results-test-support.ts";

const ok: CheckOutcome = { name: "c", kind: "k", valid: true, message: "as expected" };
const no: CheckOutcome = { name: "c", kind: "k", valid: false, message: "not as expected" };
const maybe: CheckOutcome = { name: "c", kind: "k", valid: "unknown", message: "no marker" };
const OTHER = { spark: "3.5.9", hadoop: "3.4.3" };

function sc(name: string, over: Partial<ScenarioResult> = {}): ScenarioResult {
  return { name, description: "d", profile: "plain", verdict: "pass", checks: [ok], seconds: 1, artifacts: name, ...over };
}
const attack = (over: Partial<ScenarioResult> = {}): ScenarioResult => sc("tenancy/atk", { finding: { kind: "defended", control: "tenancy/atk-control" }, ...over });
const control = (over: Partial<ScenarioResult> = {}): ScenarioResult => sc("tenancy/atk-control", { finding: { kind: "control" }, ...over });
const run = (...scenarios: ScenarioResult[]): RunResults => runResults("r", scenarios);
const labelOf = (r: RunResults, name = "tenancy/atk", i = 0): string => findingsByArea(r).flatMap((a) => a.entries).filter((e) => e.scenario.name === name)[i]!.label;

describe("a finding is bound to its controls", () => {
  it("holds when its control passed in the run on the same pair", () => {
    const r = run(attack(), control());
    expect(bindControls(r.scenarios[0]!, r)).toEqual([{ name: "tenancy/atk-control", state: "passed", pair: "spark=4.0.5,hadoop=3.4.3", results: [r.scenarios[1]] }]);
    expect(labelOf(r)).toBe("defended");
    expect(unboundFindings(r)).toEqual([]);
    expect(runExitCode(r)).toBe(EXIT.ok);
  });

  it("says 'control failed' when its control failed, and the run fails", () => {
    const r = run(attack(), control({ verdict: "fail", checks: [no] }));
    expect(labelOf(r)).toBe("control failed: defended");
    expect(findingsByArea(r)[0]!.entries[0]!.status).toBe("unbound");
    expect(runExitCode(r)).toBe(EXIT.failed);
  });

  it("says 'control unknown' when its control ran and could not tell", () => {
    const r = run(attack(), control({ verdict: "unknown", checks: [maybe] }));
    expect(labelOf(r)).toBe("control unknown: defended");
  });

  it("says 'control not run' when the run has no result of it, or only a row that never reached its checks", () => {
    const alone = run(attack());
    expect(labelOf(alone)).toBe("control not run: defended");
    // every scenario passed, yet the finding rests on nothing: never exit 0
    expect(alone.scenarios.every((s) => s.verdict === "pass")).toBe(true);
    expect(runExitCode(alone)).toBe(EXIT.failed);
    const retired = run(attack(), control({ verdict: "unknown", checks: [], error: "not run: the cluster could not be put back after tenancy/x (undo failed)" }));
    expect(labelOf(retired)).toBe("control not run: defended");
    expect(controlState(retired.scenarios.slice(1))).toBe("not-run");
  });

  it("needs its control on its own version pair: a control that passed on another pair does not bind it", () => {
    const r = run(attack({ versions: OTHER }), control());
    expect(bindControls(r.scenarios[0]!, r)[0]).toMatchObject({ state: "not-run", pair: "spark=3.5.9,hadoop=3.4.3", results: [] });
    expect(labelOf(r)).toBe("control not run: defended");
  });

  it("binds each pair of a matrix to its own pair's control", () => {
    const r = run(attack(), attack({ versions: OTHER }), control(), control({ versions: OTHER, verdict: "fail", checks: [no] }));
    expect(findingsByArea(r)[0]!.entries.map((e) => `${e.id}: ${e.label}`)).toEqual([
      "atk: defended",
      "atk [spark=3.5.9,hadoop=3.4.3]: control failed: defended",
    ]);
    // each control sits under the attack of its pair, not on its own
    expect(findingsByArea(r)[0]!.entries.map((e) => e.controls.map((c) => `${c.entry?.id}: ${c.state}`))).toEqual([["atk-control: passed"], ["atk-control [spark=3.5.9,hadoop=3.4.3]: failed"]]);
    expect(findingsSummary(r)).toBe("1 defended, 1 control; 1 not shown (test failed), 0 unknown; 1 not bound (1 control failed)");
  });

  it("takes a control's own pin over its attack's pair (a CVE's vulnerable release)", () => {
    const fixed = sc("cve/x-fixed", { versions: { spark: "3.2.2", hadoop: "3.4.3" }, pinned: { spark: "3.2.2" }, finding: { kind: "defended", control: "cve/x" } });
    const vulnerable = sc("cve/x", { versions: { spark: "3.2.1", hadoop: "3.4.3" }, pinned: { spark: "3.2.1" }, finding: { kind: "vulnerable", fix: "upgrade" } });
    const r = run(fixed, vulnerable);
    expect(bindControls(fixed, r)[0]).toMatchObject({ state: "passed", pair: "spark=3.2.1,hadoop=3.4.3" });
    // on another Hadoop the pinned control must have run on that Hadoop too
    const otherHadoop = run({ ...fixed, versions: { spark: "3.2.2", hadoop: "3.3.6" } }, vulnerable);
    expect(unboundBy(otherHadoop.scenarios[0]!, otherHadoop)).toBe("not-run");
  });

  it("binds a repetition to the same repetition of its control", () => {
    const r = run(attack({ repeat: 1 }), control({ repeat: 1 }), attack({ repeat: 2 }), control({ repeat: 2, verdict: "fail", checks: [no] }));
    expect([labelOf(r, "tenancy/atk", 0), labelOf(r, "tenancy/atk", 1)]).toEqual(["defended", "control failed: defended"]);
  });

  it("needs every control it names: the worst one labels it", () => {
    const two = (over: Partial<ScenarioResult>) => sc("tenancy/two", { finding: { kind: "defended", control: ["tenancy/atk-control", "tenancy/other-control"] }, ...over });
    expect(labelOf(run(two({}), control()), "tenancy/two")).toBe("control not run: defended");
    expect(labelOf(run(two({}), control({ verdict: "fail", checks: [no] })), "tenancy/two")).toBe("control failed: defended");
    expect(labelOf(run(two({}), control(), sc("tenancy/other-control")), "tenancy/two")).toBe("defended");
  });

  it("a test that did not pass is 'not shown' whatever its control did; a finding without a control is not held back", () => {
    const r = run(attack({ verdict: "fail", checks: [no] }), control({ verdict: "fail", checks: [no] }), sc("wire/weak", { finding: { kind: "vulnerable", fix: "f" } }));
    expect(labelOf(r)).toBe("not shown: defended");
    expect(labelOf(r, "wire/weak")).toBe("VULNERABLE");
    expect(unboundFindings(r)).toEqual([]);
  });

  it("counts findings that are not bound apart in the summary", () => {
    const r = run(
      attack(),
      sc("wire/a", { finding: { kind: "defended", control: "wire/a-control" } }),
      sc("wire/a-control", { verdict: "unknown", checks: [maybe] }),
      sc("wire/b", { finding: { kind: "vulnerable", fix: "f", control: "wire/b-control" } }),
      sc("wire/b-control", { verdict: "fail", checks: [no] }),
      sc("wire/c", { finding: { kind: "defended", control: "wire/b-control" } }),
      sc("wire/d", { finding: { kind: "defended", control: "wire/d-control" } }),
      sc("wire/d-control", { finding: { kind: "control" } }),
    );
    expect(findingsSummary(r)).toBe("1 defended, 1 control; 1 not shown (test failed), 1 unknown; 4 not bound (2 control failed, 1 control unknown, 1 control not run)");
  });
});

describe("the reports say when a finding is not bound", () => {
  const r = run(
    attack(),
    sc("wire/gcm", { finding: { kind: "defended", control: "wire/plain" } }),
    sc("wire/plain", { finding: { kind: "control" }, verdict: "fail", checks: [no] }),
  );

  it("console: the label, the failed control under it, a line for a control with no result, and the last line", () => {
    const text = renderFindingsText(r);
    expect(text).toMatch(/^ {2}control not run: defended atk +test PASS$/m);
    expect(text).toMatch(/^ {4}↳ control not run +atk-control +NO RESULT\n {6}no result on spark=4\.0\.5,hadoop=3\.4\.3 in this run$/m);
    expect(text).toMatch(/^nothing shown; 1 not shown \(test failed\), 0 unknown; 2 not bound \(1 control failed, 1 control not\nrun\)\./m);
    expect(text).toMatch(/^ {2}control failed: defended gcm +test PASS\n {4}c: as expected\n {4}↳ not shown: control +plain +test FAIL\n {6}c: not as expected$/m);
    for (const line of text.split("\n")) expect(line.length, line).toBeLessThanOrEqual(100);
    expect(renderConsoleTable(r, false).split("\n").at(-1)).toBe("2 passed, 1 failed, 0 unknown; 2 finding(s) not bound (a control did not pass)");
  });

  it("html: the label's class and a row for the control with no result", () => {
    const html = renderFindingsHtml(r);
    expect(html).toContain('<td class="s-unbound">control not run: defended</td>');
    expect(html).toContain('<td class="s-unbound">control failed: defended</td>');
    expect(html).toMatch(/<td class="s-no-result">↳ control not run<\/td>\n {2}<td>atk-control<\/td>\n {2}<td[^>]*>NO RESULT<\/td>\n {2}<td>no result on spark=4\.0\.5,hadoop=3\.4\.3 in this run<\/td>/);
  });

  it("junit: a passed test whose finding is not bound is an error naming the control", () => {
    const xml = renderJunit(r);
    expect(xml).toMatch(/tests="3" failures="1" errors="2"/);
    expect(xml).toContain('<error type="finding-not-bound" message="finding defended not bound: control not run: tenancy/atk-control (spark=4.0.5,hadoop=3.4.3)">');
    expect(xml).toContain('<error type="finding-not-bound" message="finding defended not bound: control failed: wire/plain (spark=4.0.5,hadoop=3.4.3)">');
  });

  it("results.json: each finding with its status, label and its controls' states", () => {
    const rec = findingsRecord(r);
    expect(rec.unbound).toBe(2);
    expect(rec.summary).toBe(findingsSummary(r));
    expect(rec.entries).toEqual([
      { name: "tenancy/atk", kind: "defended", status: "unbound", label: "control not run: defended", controls: [{ name: "tenancy/atk-control", state: "not-run", pair: "spark=4.0.5,hadoop=3.4.3" }] },
      { name: "wire/gcm", kind: "defended", status: "unbound", label: "control failed: defended", controls: [{ name: "wire/plain", state: "failed", pair: "spark=4.0.5,hadoop=3.4.3" }] },
      { name: "wire/plain", kind: "control", status: "not-shown", label: "not shown: control" },
    ]);
  });
});
