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

/** What a scenario shows when its test passes: a defence that held, a weakness reproduced, or a control. */
export const FINDING_KINDS = ["defended", "vulnerable", "documented-weakness", "control", "baseline"] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** The scenario's finding, as its file states it (copied into results.json). */
export interface Finding {
  kind: FindingKind;
  /** Scenario name(s) of its control: the same attack with the defence off (or the contrast that shows the defence). */
  control?: string | string[];
  /** How to close a vulnerable finding or documented weakness. */
  fix?: string;
  /** Name of the checker whose message is the one-line evidence. */
  evidence?: string;
}

export interface ScenarioResult {
  name: string;
  description: string;
  profile: string;
  verdict: Verdict;
  /** The finding the scenario reproduces when it passes; absent for scenarios that state none. */
  finding?: Finding;
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
