import { describe, expect, it } from "vitest";
import { renderConsoleTable } from "./console-table.ts";
import { renderHtmlReport } from "./html-report.ts";
import { renderJunit } from "./junit-xml.ts";
import type { RunResults, ScenarioResult, Verdict } from "./results-model.ts";
import { resultId, resultLabel, stabilityOf } from "./stability.ts";
import { pairColumn, renderVersionGridHtml, versionGrid } from "./version-grid.ts";

const OTHER = { spark: "3.5.9", hadoop: "3.4.3" };
const res = (name: string, verdict: Verdict, versions?: Record<string, string>, repeat?: number): ScenarioResult => ({
  name, description: "d", profile: "plain", verdict, checks: [], seconds: 1, artifacts: name, ...(versions ? { versions } : {}), ...(repeat ? { repeat } : {}),
});
const run = (scenarios: ScenarioResult[]): RunResults => ({
  runId: "r1", startedAt: "s", endedAt: "e", interrupted: false, versions: { hadoop: "3.4.3", spark: "4.0.5", debian: "bookworm" }, scenarios,
});

describe("resultLabel and resultId with versions", () => {
  it("name the pair off the default pair, and nothing on it", () => {
    expect(resultLabel(res("wire/a", "pass"))).toBe("wire/a");
    expect(resultLabel(res("wire/a", "pass", OTHER, 2))).toBe("wire/a [spark=3.5.9,hadoop=3.4.3] #2");
    expect(resultId(res("wire/a", "pass", OTHER, 2))).toBe("wire/a@spark=3.5.9,hadoop=3.4.3-r2");
    expect(resultId(res("wire/a", "pass"))).toBe("wire/a");
  });
});

describe("stabilityOf across pairs", () => {
  it("keeps each pair's repetitions apart: a pass on one pair and a fail on another is no instability", () => {
    const r = run([res("wire/a", "pass", undefined, 1), res("wire/a", "fail", OTHER, 1), res("wire/a", "pass", undefined, 2), res("wire/a", "fail", OTHER, 2)]);
    expect(stabilityOf(r).map((s) => [s.name, s.label, s.id])).toEqual([
      ["wire/a", "2/2 PASS", "wire/a-r1"],
      ["wire/a [spark=3.5.9,hadoop=3.4.3]", "2/2 FAIL", "wire/a@spark=3.5.9,hadoop=3.4.3-r1"],
    ]);
  });
});

describe("versionGrid", () => {
  it("is absent when every result ran on one pair (also a single non-default one)", () => {
    expect(versionGrid(run([res("wire/a", "pass"), res("wire/b", "fail")]))).toBeUndefined();
    expect(versionGrid(run([res("wire/a", "pass", OTHER), res("wire/b", "fail", OTHER)]))).toBeUndefined();
    expect(renderVersionGridHtml(run([res("wire/a", "pass")]))).toBe("");
  });

  it("lays scenarios × pairs out, the default pair named by the run's versions, a missing cell as undefined", () => {
    const g = versionGrid(run([res("wire/a", "pass"), res("wire/a", "fail", OTHER), res("cve/x", "unknown", { spark: "3.2.1", hadoop: "3.4.3" })]))!;
    expect(g.pairs).toEqual(["spark=4.0.5,hadoop=3.4.3", "spark=3.5.9,hadoop=3.4.3", "spark=3.2.1,hadoop=3.4.3"]);
    expect(g.rows.map((row) => [row.scenario, row.cells.map((c) => c?.text ?? "-")])).toEqual([
      ["wire/a", ["PASS", "FAIL", "-"]],
      ["cve/x", ["-", "-", "UNKNOWN"]],
    ]);
  });

  it("collapses repetitions into one cell, unstable when they disagree", () => {
    const g = versionGrid(run([res("wire/a", "pass", undefined, 1), res("wire/a", "pass", OTHER, 1), res("wire/a", "pass", undefined, 2), res("wire/a", "unknown", OTHER, 2)]))!;
    expect(g.rows[0]!.cells.map((c) => [c!.verdict, c!.text])).toEqual([
      ["pass", "2/2 PASS"],
      ["unstable", "unstable: 1 PASS, 1 UNKNOWN"],
    ]);
  });

  it("pairColumn names a result's pair", () => {
    expect(pairColumn(res("a/b", "pass"), run([]))).toBe("spark=4.0.5,hadoop=3.4.3");
    expect(pairColumn(res("a/b", "pass", OTHER), run([]))).toBe("spark=3.5.9,hadoop=3.4.3");
  });
});

describe("reports of a matrix run", () => {
  const r = run([res("wire/a", "pass"), res("wire/a", "fail", OTHER)]);

  it("the HTML report shows the grid with a link per cell", () => {
    const html = renderHtmlReport(r, "/nonexistent");
    expect(html).toContain("<h2>Version matrix</h2>");
    expect(html).toContain('href="#wire/a@spark=3.5.9,hadoop=3.4.3"');
    expect(html).toContain('id="wire/a@spark=3.5.9,hadoop=3.4.3"');
  });

  it("junit names the test with its pair, so both rows are distinct tests", () => {
    const xml = renderJunit(r);
    expect(xml).toContain('name="a" time=');
    expect(xml).toContain('name="a [spark=3.5.9,hadoop=3.4.3]"');
  });

  it("the console table shows the pair", () => {
    expect(renderConsoleTable(r, false)).toContain("[spark=3.5.9,hadoop=3.4.3]");
  });
});
