// What a checker is: a function of the evidence that returns true | false | "unknown", with what it used.
import type { ScenarioEvidence } from "../scenario/scenario-evidence.ts";

export type Validity = true | false | "unknown";

export interface CheckResult {
  valid: Validity;
  /** One line a person reads in the table. */
  message: string;
  /** What the verdict rests on: log lines, app reports, values. */
  evidence?: Record<string, unknown>;
}

export interface Checker<Spec> {
  kind: string;
  check(spec: Spec, ev: ScenarioEvidence): Promise<CheckResult> | CheckResult;
}

/** Runs a checker; a crash gives "unknown" with the error, never a crash of the run. */
export async function safeCheck<S>(checker: Checker<S>, spec: S, ev: ScenarioEvidence): Promise<CheckResult> {
  try {
    return await checker.check(spec, ev);
  } catch (e) {
    return { valid: "unknown", message: `checker ${checker.kind} crashed: ${(e as Error).message}` };
  }
}

/** Combines verdicts: any false → false; else any unknown → unknown; else true. */
export function combine(results: Validity[]): Validity {
  if (results.includes(false)) return false;
  if (results.includes("unknown") || results.length === 0) return "unknown";
  return true;
}
