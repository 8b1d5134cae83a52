import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderConsoleTable } from "./console-table.ts";
import { renderHtmlReport } from "./html-report.ts";
import { renderJunit } from "./junit-xml.ts";
import { runPassed, type RunResults, type ScenarioResult, type Verdict } from "./results-model.ts";
import { writeRunReports } from "./run-writer.ts";
import { isRepeated, renderStabilityHtml, renderStabilityText, stabilityOf, unstableScenarios } from "./stability.ts";

const row = (name: string, verdict: Verdict, repeat?: number): ScenarioResult => ({
  name,
  description: "d",
  profile: "plain",
  verdict,
  checks: [],
  seconds: 1,
  artifacts: repeat ? `repeat-${repeat}/${name}` : name,
  ...(repeat ? { repeat } : {}),
});
const run = (scenarios: ScenarioResult[]): RunResults => ({ runId: "r", startedAt: "a", endedAt: "b", interrupted: false, versions: {}, scenarios });

// interleaved as the suite runner runs them: A B A B …
const stableRun = (): RunResults => run([1, 2, 3, 4, 5].flatMap((k) => [row("tenancy/a", "pass", k), row("wire/b", "pass", k)]));
const unstableRun = (): RunResults =>
  run([1, 2, 3, 4, 5].flatMap((k) => [row("tenancy/a", "pass", k), row("wire/b", k === 2 || k === 4 ? "fail" : "pass", k)]));

describe("stabilityOf", () => {
  it("says 5/5 PASS for a scenario that passed every repeat", () => {
    expect(stabilityOf(stableRun()).map((s) => [s.name, s.stable, s.label])).toEqual([
      ["tenancy/a", true, "5/5 PASS"],
      ["wire/b", true, "5/5 PASS"],
    ]);
  });

  it("says unstable with the counts for a scenario whose verdict changed", () => {
    const b = stabilityOf(unstableRun()).find((s) => s.name === "wire/b")!;
    expect(b).toMatchObject({ runs: 5, stable: false, label: "unstable: 3 PASS, 2 FAIL", counts: { pass: 3, fail: 2, unknown: 0 } });
    expect(unstableScenarios(unstableRun()).map((s) => s.name)).toEqual(["wire/b"]);
  });

  it("counts an unknown repeat as a change, and a scenario failing every time as stable (but failing)", () => {
    const r = run([row("x/a", "pass", 1), row("x/a", "unknown", 2), row("x/f", "fail", 1), row("x/f", "fail", 2)]);
    expect(stabilityOf(r).map((s) => s.label)).toEqual(["unstable: 1 PASS, 1 UNKNOWN", "2/2 FAIL"]);
    expect(runPassed(r)).toBe(false);
  });

  it("an unstable scenario fails the run; a stable passing one does not", () => {
    expect(runPassed(unstableRun())).toBe(false);
    expect(runPassed(stableRun())).toBe(true);
  });
});

describe("stability in the reports", () => {
  it("is absent when nothing was repeated", () => {
    const r = run([row("x/a", "pass")]);
    expect(isRepeated(r)).toBe(false);
    expect(renderStabilityText(r)).toBe("");
    expect(renderStabilityHtml(r)).toBe("");
    expect(renderConsoleTable(r, false)).not.toContain("stability");
  });

  it("console: one line per scenario and a verdict on the run, before the summary line", () => {
    const text = renderConsoleTable(unstableRun(), false);
    expect(text).toContain("tenancy/a #2");
    expect(text).toMatch(/tenancy\/a +5\/5 PASS/);
    expect(text).toMatch(/wire\/b +unstable: 3 PASS, 2 FAIL/);
    expect(text).toContain("1 unstable scenario(s): the run fails");
    expect(text.split("\n").at(-1)).toBe("8 passed, 2 failed, 0 unknown");
    expect(renderStabilityText(stableRun())).toContain("all 2 scenario(s) stable");
  });

  it("junit: each repetition is its own test case, named with #k", () => {
    const xml = renderJunit(unstableRun());
    expect(xml.match(/<testcase /g)).toHaveLength(10);
    expect(xml).toContain('<testcase classname="shieldlab.wire" name="b #2" time="1.000"><failure');
    expect(xml).toContain('<testcase classname="shieldlab.wire" name="b #1" time="1.000"><system-out>');
  });

  it("html: a stability section and one row per repetition with its own id", () => {
    const dir = mkdtempSync(join(tmpdir(), "shieldlab-stab-"));
    try {
      const html = renderHtmlReport(unstableRun(), dir);
      expect(html).toContain("<h2>Stability over repeats</h2>");
      expect(html).toMatch(/color:#cf222e;font-weight:bold">unstable: 3 PASS, 2 FAIL</);
      expect(html).toContain('<a href="#tenancy/a-r1">tenancy/a</a>');
      expect(html).toContain('<tr id="wire/b-r4">');
      expect(html).toContain("<b>wire/b #4</b>");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("results.json: rows keyed by repeat, plus the stability per scenario", () => {
    const dir = mkdtempSync(join(tmpdir(), "shieldlab-stab-"));
    try {
      writeRunReports(dir, unstableRun());
      const json = JSON.parse(readFileSync(join(dir, "results.json"), "utf8")) as { scenarios: ScenarioResult[]; stability: { name: string; label: string }[] };
      expect(json.scenarios.map((s) => `${s.name}#${s.repeat}`).slice(0, 3)).toEqual(["tenancy/a#1", "wire/b#1", "tenancy/a#2"]);
      expect(json.stability.map((s) => s.label)).toEqual(["5/5 PASS", "unstable: 3 PASS, 2 FAIL"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
