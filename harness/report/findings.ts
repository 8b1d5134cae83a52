// The findings a run showed, per area: each attack beside its control, with its one-line evidence and its fix.
import type { FindingKind, RunResults, ScenarioResult, Verdict } from "./results-model.ts";

/** "shown": the test passed, so the finding holds; otherwise the run did not show it. */
export type FindingStatus = "shown" | "not-shown" | "unknown";

export interface FindingEntry {
  scenario: ScenarioResult;
  /** The scenario's name without its area. */
  id: string;
  kind: FindingKind | undefined;
  status: FindingStatus;
  /** "defended", "VULNERABLE", … or "not shown: defended" when the test did not pass. */
  label: string;
  /** The deciding checker's message (or the scenario's error), on one line. */
  evidence: string;
  fix?: string;
  /** Its controls in this run (only on top-level entries). */
  controls: FindingEntry[];
}

export interface AreaFindings {
  area: string;
  entries: FindingEntry[];
}

const KIND_LABEL: Record<FindingKind, string> = {
  defended: "defended",
  vulnerable: "VULNERABLE",
  "documented-weakness": "documented weakness",
  control: "control",
  baseline: "baseline",
};

const oneLine = (s: string): string => s.replace(/\s+/g, " ").trim();
const statusOf = (v: Verdict): FindingStatus => (v === "pass" ? "shown" : v === "fail" ? "not-shown" : "unknown");

/** The one-line evidence: the named checker's message; when the test did not pass, what went wrong instead. */
export function decidingEvidence(s: ScenarioResult): string {
  const named = s.finding?.evidence ? s.checks.find((c) => c.name === s.finding!.evidence) : undefined;
  if (s.verdict !== "pass" && s.error) return oneLine(`! ${s.error.split("\n")[0]}`);
  if (named && (s.verdict === "pass" || named.valid !== true)) return oneLine(named.message);
  const bad = s.checks.find((c) => c.valid !== true);
  const c = s.verdict === "pass" ? (s.checks[0] ?? bad) : (bad ?? s.checks[0]);
  return c ? oneLine(`${c.name}: ${c.message}`) : "no check ran";
}

function entryOf(s: ScenarioResult): FindingEntry {
  const status = statusOf(s.verdict);
  const kind = s.finding?.kind;
  const base = kind ? KIND_LABEL[kind] : "no finding stated";
  const label = status === "shown" || !kind ? base : `${status === "unknown" ? "unknown" : "not shown"}: ${base}`;
  return { scenario: s, id: s.name.slice(s.name.indexOf("/") + 1), kind, status, label, evidence: decidingEvidence(s), fix: s.finding?.fix, controls: [] };
}

/** Groups the run's scenarios by area (in run order); a control sits under each scenario that names it. */
export function findingsByArea(r: RunResults): AreaFindings[] {
  const byName = new Map(r.scenarios.map((s) => [s.name, s]));
  const named = new Set(r.scenarios.flatMap((s) => [s.finding?.control ?? []].flat()));
  const areas = new Map<string, FindingEntry[]>();
  for (const s of r.scenarios) {
    // a control appears beside its attack; on its own only when no scenario of the run names it
    if (s.finding?.kind === "control" && named.has(s.name)) continue;
    const e = entryOf(s);
    for (const c of [s.finding?.control ?? []].flat()) {
      const cs = byName.get(c);
      if (cs) e.controls.push(entryOf(cs));
    }
    const area = s.name.split("/")[0]!;
    areas.set(area, [...(areas.get(area) ?? []), e]);
  }
  return [...areas].map(([area, entries]) => ({ area, entries }));
}

/** "14 defended, 2 VULNERABLE, …; 1 not shown, 0 unknown": shown findings by kind, then those the run did not show. */
export function findingsSummary(r: RunResults): string {
  const shown = new Map<string, number>();
  let notShown = 0;
  let unknown = 0;
  for (const s of r.scenarios) {
    if (s.verdict === "fail") notShown++;
    else if (s.verdict === "unknown") unknown++;
    else {
      const label = s.finding ? KIND_LABEL[s.finding.kind] : "no finding stated";
      shown.set(label, (shown.get(label) ?? 0) + 1);
    }
  }
  const plural: Record<string, string> = { "documented weakness": "documented weaknesses", control: "controls" };
  const kinds = [...Object.values(KIND_LABEL), "no finding stated"].filter((k) => shown.has(k)).map((k) => `${shown.get(k)} ${shown.get(k)! > 1 ? (plural[k] ?? k) : k}`);
  return `${kinds.join(", ") || "nothing shown"}; ${notShown} not shown (test failed), ${unknown} unknown`;
}
