// The driver's stdout of each named step matches a regular expression (e.g. the shuffle job's summary line).
import type { Checker, CheckResult } from "./checker.ts";

export interface DriverOutputSpec {
  kind: "driver-output";
  steps?: string[];
  /** A JavaScript regular expression source, matched per line (multiline). */
  pattern: string;
}

export function driverOutputMatches(pattern: RegExp | string, steps?: string[]): DriverOutputSpec {
  return { kind: "driver-output", pattern: typeof pattern === "string" ? pattern : pattern.source, steps };
}

export const driverOutputChecker: Checker<DriverOutputSpec> = {
  kind: "driver-output",
  check(spec, ev): CheckResult {
    const ids = spec.steps ?? [...ev.steps.values()].filter((s) => s.step.kind === "spark-submit").map((s) => s.step.id);
    if (ids.length === 0) return { valid: "unknown", message: "no step to check" };
    const re = new RegExp(spec.pattern, "m");
    const matched: Record<string, string>[] = [];
    for (const id of ids) {
      const out = ev.driverStdout(id);
      if (!out) return { valid: "unknown", message: `${id}: the driver's stdout was not found`, evidence: { matched } };
      const m = re.exec(out.text);
      if (!m) return { valid: false, message: `${id}: no line matches /${spec.pattern}/ in ${out.source}`, evidence: { matched, tail: out.text.slice(-500) } };
      matched.push({ step: id, line: m[0], source: out.source });
    }
    return { valid: true, message: `${ids.length} driver output(s) match /${spec.pattern}/`, evidence: { matched } };
  },
};
