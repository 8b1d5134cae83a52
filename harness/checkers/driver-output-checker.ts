// The driver's stdout of each named step matches a regular expression (e.g. the shuffle job's summary line), or, with
// expect "absent", no line of it does (e.g. a job's plaintext result where the data key was withheld).
import type { Checker, CheckResult } from "./checker.ts";

export interface DriverOutputSpec {
  kind: "driver-output";
  steps?: string[];
  /** A JavaScript regular expression source, matched per line (multiline). */
  pattern: string;
  /** Default "present". */
  expect?: "present" | "absent";
}

export function driverOutputMatches(pattern: RegExp | string, steps?: string[]): DriverOutputSpec {
  return { kind: "driver-output", pattern: typeof pattern === "string" ? pattern : pattern.source, steps };
}

/** No line of the steps' driver stdout matches `pattern`. */
export function driverOutputLacks(pattern: RegExp | string, steps?: string[]): DriverOutputSpec {
  return { ...driverOutputMatches(pattern, steps), expect: "absent" };
}

export const driverOutputChecker: Checker<DriverOutputSpec> = {
  kind: "driver-output",
  check(spec, ev): CheckResult {
    const ids = spec.steps ?? [...ev.steps.values()].filter((s) => s.step.kind === "spark-submit").map((s) => s.step.id);
    if (ids.length === 0) return { valid: "unknown", message: "no step to check" };
    const re = new RegExp(spec.pattern, "m");
    const absent = spec.expect === "absent";
    const matched: Record<string, string>[] = [];
    for (const id of ids) {
      const out = ev.driverStdout(id);
      if (!out) return { valid: "unknown", message: `${id}: the driver's stdout was not found`, evidence: { matched } };
      const m = re.exec(out.text);
      if (absent && m) return { valid: false, message: `${id}: ${m[0].slice(0, 160)}`, evidence: { line: m[0], source: out.source } };
      if (absent) continue;
      if (!m) return { valid: false, message: `${id}: no line matches /${spec.pattern}/ in ${out.source}`, evidence: { matched, tail: out.text.slice(-500) } };
      matched.push({ step: id, line: m[0], source: out.source });
    }
    return absent
      ? { valid: true, message: `no line of ${ids.length} driver output(s) matches /${spec.pattern}/`, evidence: { steps: ids } }
      : { valid: true, message: `${ids.length} driver output(s) match /${spec.pattern}/`, evidence: { matched } };
  },
};
