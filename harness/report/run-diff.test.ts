import { runResults } from "./results-test-support.ts";
import { describe, expect, it } from "vitest";
import { comparisonKey, versionsLabel } from "./result-key.ts";
import type { FindingKind, ScenarioResult, Verdict } from "./results-model.ts";
import { diffRuns, entriesOf, findingChange, isRegression } from "./run-diff.ts";

function s(name: string, verdict: Verdict, over: Partial<ScenarioResult> & { kind?: FindingKind } = {}): ScenarioResult {
  const { kind, ...rest } = over;
  return { name, description: "d", profile: "plain", verdict, checks: [], seconds: 1, artifacts: name, ...(kind ? { finding: { kind } } : {}), ...rest };
}

const run = runResults;

const kinds = (r: ReturnType<typeof diffRuns>): string[] => r.changes.map((c) => `${c.kind} ${c.key}: ${c.message}`);

describe("diffRuns", () => {
  it("unchanged runs: no changes, not regressed", () => {
    const a = run("a", [s("wire/wire-gcm", "pass", { kind: "defended" }), s("tenancy/ten-acl", "fail")]);
    const d = diffRuns(a, run("b", [s("wire/wire-gcm", "pass", { kind: "defended" }), s("tenancy/ten-acl", "fail")]));
    expect(d).toEqual({ changes: [], regressed: false, compared: 2, notes: [] });
  });

  it("pass → fail is a regression", () => {
    const d = diffRuns(run("a", [s("wire/wire-gcm", "pass")]), run("b", [s("wire/wire-gcm", "fail")]));
    expect(kinds(d)).toEqual(["regressed wire/wire-gcm: pass → fail"]);
    expect(d.regressed).toBe(true);
  });

  it("fail → pass is fixed, pass → unknown is unknown, unknown → fail is changed: none of them regress", () => {
    const a = run("a", [s("x/fixed", "fail"), s("x/unk", "pass"), s("x/chg", "unknown")]);
    const d = diffRuns(a, run("b", [s("x/fixed", "pass"), s("x/unk", "unknown"), s("x/chg", "fail")]));
    expect(kinds(d)).toEqual(["unknown x/unk: pass → unknown", "changed x/chg: unknown → fail", "fixed x/fixed: fail → pass"]);
    expect(d.regressed).toBe(false);
  });

  it("a finding defended → vulnerable regresses even when both tests pass; vulnerable → defended is fixed", () => {
    const a = run("a", [s("wire/plain", "pass", { kind: "defended" }), s("wire/tls", "pass", { kind: "vulnerable" })]);
    const d = diffRuns(a, run("b", [s("wire/plain", "pass", { kind: "vulnerable" }), s("wire/tls", "pass", { kind: "defended" })]));
    expect(kinds(d)).toEqual(["finding-regressed wire/plain: finding defended → vulnerable", "finding-fixed wire/tls: finding vulnerable → defended"]);
    expect(d.regressed).toBe(true);
  });

  it("classifies finding changes: only a weakened defence regresses", () => {
    expect(findingChange("defended", "vulnerable")).toBe("finding-regressed");
    expect(findingChange("defended", "documented-weakness")).toBe("finding-regressed");
    expect(findingChange("documented-weakness", "defended")).toBe("finding-fixed");
    expect(findingChange("control", "baseline")).toBe("finding-changed");
    expect(findingChange(undefined, "defended")).toBe("finding-changed");
    expect(findingChange("defended", "defended")).toBeUndefined();
  });

  it("new and missing scenarios are listed after the rest and do not regress", () => {
    const d = diffRuns(run("a", [s("x/old", "pass"), s("x/same", "pass")]), run("b", [s("x/same", "pass"), s("x/new", "fail")]));
    expect(kinds(d)).toEqual(["new x/new: new: fail", "missing x/old: not in this run (was pass)"]);
    expect(d.regressed).toBe(false);
    expect(d.compared).toBe(1);
  });

  it("lists regressions first, whatever the run order", () => {
    const a = run("a", [s("x/1", "fail"), s("x/2", "pass"), s("x/3", "pass", { kind: "defended" })]);
    const d = diffRuns(a, run("b", [s("x/0", "pass"), s("x/1", "pass"), s("x/2", "fail"), s("x/3", "pass", { kind: "vulnerable" })]));
    expect(d.changes.map((c) => c.kind)).toEqual(["regressed", "finding-regressed", "fixed", "new"]);
    expect(d.changes.filter(isRegression).map((c) => c.key)).toEqual(["x/2", "x/3"]);
  });

  it("says when the default version pair differs", () => {
    const d = diffRuns(run("a", [s("x/1", "pass")], { hadoop: "3.4.3", spark: "4.0.4" }), run("b", [s("x/1", "pass")]));
    expect(d.notes).toEqual(["default spark 4.0.4 → 4.0.5"]);
    expect(d.changes).toEqual([]);
  });
});

describe("versions in the key", () => {
  it("the same scenario on two version pairs is two entries, each compared with its own", () => {
    const pair = { spark: "3.5.6", hadoop: "3.4.3" };
    const a = run("a", [s("wire/wire-gcm", "pass"), s("wire/wire-gcm", "pass", { versions: pair })]);
    const b = run("b", [s("wire/wire-gcm", "pass"), s("wire/wire-gcm", "fail", { versions: pair })]);
    expect([...entriesOf(b).keys()]).toEqual(["wire/wire-gcm", "wire/wire-gcm [spark=3.5.6,hadoop=3.4.3]"]);
    const d = diffRuns(a, b);
    expect(kinds(d)).toEqual(["regressed wire/wire-gcm [spark=3.5.6,hadoop=3.4.3]: pass → fail"]);
    expect(d.changes[0]!.versions).toEqual(pair);
  });

  it("a pair only one run has is new / missing, not a change of the default entry", () => {
    const pair = { spark: "3.5.6", hadoop: "3.4.3" };
    const d = diffRuns(run("a", [s("x/1", "pass")]), run("b", [s("x/1", "pass"), s("x/1", "fail", { versions: pair })]));
    expect(kinds(d)).toEqual(["new x/1 [spark=3.5.6,hadoop=3.4.3]: new: fail"]);
  });

  it("the default pair stated explicitly is the same entry as no pair", () => {
    const d = diffRuns(run("a", [s("x/1", "pass")]), run("b", [s("x/1", "fail", { versions: { hadoop: "3.4.3", spark: "4.0.5" } })]));
    expect(kinds(d)).toEqual(["regressed x/1: pass → fail"]);
  });

  it("labels spark and hadoop first, then the rest by name", () => {
    expect(versionsLabel({ java: "17", hadoop: "3.4.3", spark: "3.5.6" })).toBe("spark=3.5.6,hadoop=3.4.3,java=17");
    expect(comparisonKey({ name: "a/b", versions: { hadoop: "3.3.6" } }, { hadoop: "3.4.3" })).toBe("a/b [hadoop=3.3.6]");
  });
});

describe("repetitions", () => {
  const rep = (name: string, verdicts: Verdict[]): ScenarioResult[] => verdicts.map((v, i) => s(name, v, { repeat: i + 1, artifacts: `repeat-${i + 1}/${name}` }));

  it("collapse into one verdict: stable, or unstable with the counts", () => {
    const e = entriesOf(run("a", [...rep("x/1", ["pass", "pass", "pass"]), ...rep("x/2", ["pass", "fail", "pass"])]));
    expect([...e.values()].map((x) => [x.key, x.verdict, x.label])).toEqual([
      ["x/1", "pass", "3/3 pass"],
      ["x/2", "unstable", "unstable: 2 pass, 1 fail"],
    ]);
  });

  it("pass → unstable with a fail regresses; pass → unstable with only unknowns is unknown; the repeat count alone is no change", () => {
    const a = run("a", [s("x/1", "pass"), s("x/2", "pass"), s("x/3", "pass")]);
    const b = run("b", [...rep("x/1", ["pass", "fail"]), ...rep("x/2", ["pass", "unknown"]), ...rep("x/3", ["pass", "pass"])]);
    const d = diffRuns(a, b);
    expect(kinds(d)).toEqual(["regressed x/1: pass → unstable: 1 pass, 1 fail", "unknown x/2: pass → unstable: 1 pass, 1 unknown"]);
    expect(d.regressed).toBe(true);
  });

  it("unstable → stable pass is fixed", () => {
    const d = diffRuns(run("a", rep("x/1", ["pass", "fail"])), run("b", rep("x/1", ["pass", "pass"])));
    expect(kinds(d)).toEqual(["fixed x/1: unstable: 1 pass, 1 fail → 2/2 pass"]);
  });
});
