// The findings a run showed, per area: each attack beside its controls, with its one-line evidence and its fix.
// A finding holds only when its test passed and each control it names passed on the same version pair (finding-binding.ts).
import { bindControls, worstOf, type ControlState } from "./finding-binding.ts";
import type { FindingKind, RunResults, ScenarioResult, Verdict } from "./results-model.ts";
import { resultLabel } from "./stability.ts";

/** "shown": the test passed and every control it names passed, so the finding holds; "unbound": passed, but a control did not. */
export type FindingStatus = "shown" | "not-shown" | "unknown" | "unbound";

export interface FindingEntry {
  scenario: ScenarioResult;
  /** The scenario's label without its area (with " [spark=…,hadoop=…]" off the default pair, " #k" for a repetition). */
  id: string;
  kind: FindingKind | undefined;
  status: FindingStatus;
  /** "defended", "VULNERABLE", …; "not shown: defended" when the test did not pass; "control failed: defended" when it passed but a control did not. */
  label: string;
  /** The deciding checker's message (or the scenario's error), on one line. */
  evidence: string;
  /** The verdict rests on the emulated CCA/IMA layer (said beside the finding in every report). */
  emulated: boolean;
  fix?: string;
  /** Why the finding is not bound (its worst control), when its test passed but a control did not. */
  unbound?: Exclude<ControlState, "passed">;
  /** Its controls, each with its state on this entry's pair (only on top-level entries). */
  controls: ControlLine[];
}

/** One control of a finding: its state, and its result's entry when it has a row on the pair. */
export interface ControlLine {
  name: string;
  id: string;
  state: ControlState;
  /** The pair it had to pass on ("spark=…,hadoop=…"). */
  pair: string;
  /** Its (worst) result on that pair; absent when the run has none there. */
  entry?: FindingEntry;
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

/** How a label says that a finding is not bound, by its worst control. */
export const UNBOUND_LABEL: Record<Exclude<ControlState, "passed">, string> = {
  failed: "control failed",
  unknown: "control unknown",
  "not-run": "control not run",
};

const oneLine = (s: string): string => s.replace(/\s+/g, " ").trim();
const statusOf = (v: Verdict): FindingStatus => (v === "pass" ? "shown" : v === "fail" ? "not-shown" : "unknown");
const withoutArea = (name: string): string => name.slice(name.indexOf("/") + 1);
const RANK: Verdict[] = ["fail", "unknown", "pass"];

/** The one-line evidence: the named checker's message; when the test did not pass, what went wrong instead. */
export function decidingEvidence(s: ScenarioResult): string {
  const named = s.finding?.evidence ? s.checks.find((c) => c.name === s.finding!.evidence) : undefined;
  if (s.verdict !== "pass" && s.error) return oneLine(`! ${s.error.split("\n")[0]}`);
  if (named && (s.verdict === "pass" || named.valid !== true)) return oneLine(named.message);
  const bad = s.checks.find((c) => c.valid !== true);
  const c = s.verdict === "pass" ? (s.checks[0] ?? bad) : (bad ?? s.checks[0]);
  return c ? oneLine(`${c.name}: ${c.message}`) : "no check ran";
}

function entryOf(s: ScenarioResult, r: RunResults | undefined): FindingEntry {
  const kind = s.finding?.kind;
  const base = kind ? KIND_LABEL[kind] : "no finding stated";
  const bindings = r ? bindControls(s, r) : [];
  const worst = worstOf(bindings.map((b) => b.state));
  const status: FindingStatus = s.verdict === "pass" && worst ? "unbound" : statusOf(s.verdict);
  const label =
    status === "shown" || !kind ? base : status === "unbound" ? `${UNBOUND_LABEL[worst!]}: ${base}` : `${status === "unknown" ? "unknown" : "not shown"}: ${base}`;
  const controls = bindings.map((b): ControlLine => {
    const worstRow = [...b.results].sort((x, y) => RANK.indexOf(x.verdict) - RANK.indexOf(y.verdict))[0];
    return { name: b.name, id: withoutArea(b.name), state: b.state, pair: b.pair, ...(worstRow ? { entry: entryOf(worstRow, undefined) } : {}) };
  });
  return {
    scenario: s,
    id: withoutArea(resultLabel(s)),
    kind,
    status,
    label,
    evidence: decidingEvidence(s),
    emulated: s.emulated !== undefined,
    fix: s.finding?.fix,
    ...(status === "unbound" ? { unbound: worst } : {}),
    controls,
  };
}

/** Groups the run's scenarios by area (in run order); a control sits under each finding that names it, on its pair. */
export function findingsByArea(r: RunResults): AreaFindings[] {
  const entries = r.scenarios.map((s) => entryOf(s, r));
  // a control appears beside its attack; on its own only when no finding of the run binds that result
  const bound = new Set(entries.flatMap((e) => e.controls.flatMap((c) => (c.entry ? [c.entry.scenario] : []))));
  const areas = new Map<string, FindingEntry[]>();
  for (const e of entries) {
    if (e.kind === "control" && bound.has(e.scenario)) continue;
    const area = e.scenario.name.split("/")[0]!;
    areas.set(area, [...(areas.get(area) ?? []), e]);
  }
  return [...areas].map(([area, list]) => ({ area, entries: list }));
}

/**
 * "14 defended, 2 VULNERABLE, …; 1 not shown (test failed), 0 unknown": shown findings by kind, then those the run did
 * not show; then, when there are any, "; 2 not bound (1 control failed, 1 control not run)".
 */
export function findingsSummary(r: RunResults): string {
  const shown = new Map<string, number>();
  const unbound = new Map<string, number>();
  let notShown = 0;
  let unknown = 0;
  for (const s of r.scenarios) {
    const e = entryOf(s, r);
    if (e.status === "not-shown") notShown++;
    else if (e.status === "unknown") unknown++;
    else if (e.unbound) unbound.set(UNBOUND_LABEL[e.unbound], (unbound.get(UNBOUND_LABEL[e.unbound]) ?? 0) + 1);
    else {
      const label = s.finding ? KIND_LABEL[s.finding.kind] : "no finding stated";
      shown.set(label, (shown.get(label) ?? 0) + 1);
    }
  }
  const plural: Record<string, string> = { "documented weakness": "documented weaknesses", control: "controls" };
  const kinds = [...Object.values(KIND_LABEL), "no finding stated"].filter((k) => shown.has(k)).map((k) => `${shown.get(k)} ${shown.get(k)! > 1 ? (plural[k] ?? k) : k}`);
  const total = [...unbound.values()].reduce((a, b) => a + b, 0);
  const why = Object.values(UNBOUND_LABEL).filter((k) => unbound.has(k)).map((k) => `${unbound.get(k)} ${k}`);
  const emulated = r.scenarios.filter((s) => s.emulated && s.finding && s.finding.kind !== "control" && s.finding.kind !== "baseline").length;
  return `${kinds.join(", ") || "nothing shown"}; ${notShown} not shown (test failed), ${unknown} unknown${total > 0 ? `; ${total} not bound (${why.join(", ")})` : ""}${emulated > 0 ? `; ${emulated} rest on the emulated CCA/IMA layer` : ""}`;
}

/** The findings section of results.json: the summary, and per result with a finding its status, label and controls. */
export function findingsRecord(r: RunResults): { summary: string; unbound: number; entries: object[] } {
  const entries = r.scenarios
    .filter((s) => s.finding)
    .map((s) => {
      const e = entryOf(s, r);
      return {
        name: s.name,
        ...(s.versions ? { versions: s.versions } : {}),
        ...(s.repeat !== undefined ? { repeat: s.repeat } : {}),
        kind: e.kind,
        status: e.status,
        label: e.label,
        ...(e.emulated ? { emulated: s.emulated } : {}),
        ...(e.controls.length > 0 ? { controls: e.controls.map((c) => ({ name: c.name, state: c.state, pair: c.pair })) } : {}),
      };
    });
  return { summary: findingsSummary(r), unbound: entries.filter((e) => e.status === "unbound").length, entries };
}

/** Every capture of the run that carries a generated secret: scenario, pcap, the secret's kind and sha256 prefix. */
export function capturedSecretsOf(r: Pick<RunResults, "scenarios">): { scenario: string; pcap: string; kind: string; sha256Prefix: string; count: number }[] {
  return r.scenarios.flatMap((s) => (s.capturedSecrets?.sightings ?? []).map((x) => ({ scenario: resultLabel(s), pcap: `${s.artifacts}/pcaps/${x.pcap}`, kind: x.kind, sha256Prefix: x.sha256Prefix, count: x.count })));
}
