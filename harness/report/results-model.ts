// The results of a run: per scenario its verdict, each check with evidence, and where its artifacts are.
import type { Validity } from "../checkers/checker.ts";

export type Verdict = "pass" | "fail" | "unknown";

export interface CheckOutcome {
  name: string;
  kind: string;
  valid: Validity;
  message: string;
  evidence?: Record<string, unknown>;
}

export interface ScenarioResult {
  name: string;
  description: string;
  profile: string;
  verdict: Verdict;
  checks: CheckOutcome[];
  /** Set when the scenario could not run to the end (cluster failed, interrupted, …). */
  error?: string;
  seconds: number;
  /** Folder of this scenario's artifacts, relative to the run folder. */
  artifacts: string;
  /** Which repetition this is (1…N) when the run repeats scenarios (`run --repeat N`); absent otherwise. */
  repeat?: number;
}

export interface RunResults {
  runId: string;
  startedAt: string;
  endedAt: string;
  interrupted: boolean;
  versions: Record<string, string>;
  scenarios: ScenarioResult[];
}

export function verdictOf(valid: Validity): Verdict {
  return valid === true ? "pass" : valid === false ? "fail" : "unknown";
}

export function summarize(r: RunResults): Record<Verdict, number> {
  const out: Record<Verdict, number> = { pass: 0, fail: 0, unknown: 0 };
  for (const s of r.scenarios) out[s.verdict]++;
  return out;
}

/** A run passes only when every scenario passes: unknown is never a pass. */
export function runPassed(r: RunResults): boolean {
  return r.scenarios.length > 0 && !r.interrupted && r.scenarios.every((s) => s.verdict === "pass");
}
