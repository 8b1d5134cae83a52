// The Pi job's printed estimate ("Pi is roughly X", from the driver's stdout) is within a tolerance of π.
import type { Checker, CheckResult } from "./checker.ts";

export interface PiEstimateSpec {
  kind: "pi-estimate";
  steps?: string[];
  tolerance: number;
}

export function piWithin(tolerance: number, steps?: string[]): PiEstimateSpec {
  return { kind: "pi-estimate", tolerance, steps };
}

export function parsePiEstimate(stdout: string): number | undefined {
  const m = /^Pi is roughly (\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*$/m.exec(stdout);
  return m ? Number(m[1]) : undefined;
}

export const piEstimateChecker: Checker<PiEstimateSpec> = {
  kind: "pi-estimate",
  check(spec, ev): CheckResult {
    const ids = spec.steps ?? [...ev.steps.values()].filter((s) => s.step.kind === "spark-submit" && s.step.job === "pi").map((s) => s.step.id);
    if (ids.length === 0) return { valid: "unknown", message: "no pi step to check" };
    const estimates: Record<string, unknown>[] = [];
    for (const id of ids) {
      const out = ev.driverStdout(id);
      if (!out) return { valid: "unknown", message: `${id}: the driver's stdout was not found`, evidence: { estimates } };
      const est = parsePiEstimate(out.text);
      if (est === undefined) return { valid: false, message: `${id}: no "Pi is roughly" line in ${out.source}`, evidence: { estimates } };
      const error = Math.abs(est - Math.PI);
      estimates.push({ step: id, estimate: est, error, source: out.source });
      if (!(error <= spec.tolerance))
        return { valid: false, message: `${id}: estimate ${est} is ${error.toFixed(5)} from π (> ${spec.tolerance})`, evidence: { estimates } };
    }
    return { valid: true, message: `${ids.length} estimate(s) within ${spec.tolerance} of π`, evidence: { estimates } };
  },
};
