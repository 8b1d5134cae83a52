// Binds a finding to its controls: it holds only when each control it names PASSED in the same run, on the same version
// pair (where the control pins a release, its pin replaces the attack's) and, with repeats, in the same repetition.
import { versionsLabel } from "./result-key.ts";
import type { RunResults, ScenarioResult } from "./results-model.ts";

/** A control's state on the pair its finding needs: passed, or why the finding is not bound. */
export type ControlState = "passed" | "failed" | "unknown" | "not-run";

export interface ControlBinding {
  /** The control's scenario name. */
  name: string;
  state: ControlState;
  /** The version pair it had to pass on: "spark=…,hadoop=…" ("" when the run names none). */
  pair: string;
  /** Its results on that pair (one per repetition at most); empty when it has none there. */
  results: ScenarioResult[];
}

const PAIR_KEYS = ["spark", "hadoop"] as const;
/** Worst first: the state a finding with several controls is labelled by. */
const WORST: ControlState[] = ["failed", "unknown", "not-run", "passed"];

/** The control names of a finding (none when it states no finding or no control). */
export function controlsOf(s: Pick<ScenarioResult, "finding">): string[] {
  return [s.finding?.control ?? []].flat();
}

/** The Spark/Hadoop pair a result ran on: its own versions, else the run's default pair. */
export function runPairOf(s: Pick<ScenarioResult, "versions">, runVersions: RunResults["versions"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of PAIR_KEYS) {
    const v = s.versions?.[k] ?? runVersions[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/**
 * A control's state from its results: failed when one failed; unknown when one could not tell; not run when it has
 * none or its row says it never reached its checks (skipped, cluster down, retired); else passed.
 */
export function controlState(results: readonly ScenarioResult[]): ControlState {
  if (results.length === 0) return "not-run";
  const states = results.map((c): ControlState => (c.verdict === "pass" ? "passed" : c.verdict === "fail" ? "failed" : c.checks.length === 0 ? "not-run" : "unknown"));
  return worstOf(states) ?? "passed";
}

/** The worst state that is not "passed", or undefined when every control passed (or there is none). */
export function worstOf(states: readonly ControlState[]): Exclude<ControlState, "passed"> | undefined {
  const w = WORST.find((x) => states.includes(x));
  return w === "passed" ? undefined : w;
}

/** Each control the result's finding names, with its state on the result's pair (and repetition). */
export function bindControls(s: ScenarioResult, r: Pick<RunResults, "scenarios" | "versions">): ControlBinding[] {
  return controlsOf(s).map((name) => {
    const rows = r.scenarios.filter((c) => c.name === name);
    // a control that pins a release runs on it whatever pair its attack ran on (a CVE's vulnerable release)
    const pins = rows.find((c) => c.pinned)?.pinned ?? {};
    const pair = versionsLabel({ ...runPairOf(s, r.versions), ...pins });
    const results = rows.filter(
      (c) => versionsLabel(runPairOf(c, r.versions)) === pair && (s.repeat === undefined || c.repeat === undefined || c.repeat === s.repeat),
    );
    return { name, state: controlState(results), pair, results };
  });
}

/** Why the result's finding is not bound (its worst control state), or undefined when it is (or names no control). */
export function unboundBy(s: ScenarioResult, r: Pick<RunResults, "scenarios" | "versions">): Exclude<ControlState, "passed"> | undefined {
  return worstOf(bindControls(s, r).map((b) => b.state));
}

/** The passed results whose finding is not bound: each one fails the run (exit 1), like a failed test. */
export function unboundFindings(r: Pick<RunResults, "scenarios" | "versions">): ScenarioResult[] {
  return r.scenarios.filter((s) => s.verdict === "pass" && unboundBy(s, r) !== undefined);
}
