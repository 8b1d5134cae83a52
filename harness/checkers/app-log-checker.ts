// Does a line of any container's stderr of a step's app (the ApplicationMaster's included) match a pattern? What the
// real daemons said when a release refused something, in their own words.
import { readFileSync } from "node:fs";
import type { Checker, CheckResult } from "./checker.ts";

export interface AppLogSpec {
  kind: "app-log";
  step: string;
  /** A JavaScript regular expression (source). */
  pattern: string;
}

/** Some container of `step`'s app logged a line matching `pattern`: `appLog("pi-client", /GCMParameterSpec/)`. */
export function appLog(step: string, pattern: RegExp | string): AppLogSpec {
  return { kind: "app-log", step, pattern: typeof pattern === "string" ? pattern : pattern.source };
}

export const appLogChecker: Checker<AppLogSpec> = {
  kind: "app-log",
  check(spec, ev): CheckResult {
    const appId = ev.step(spec.step)?.appId;
    if (!appId) return { valid: "unknown", message: `${spec.step}: no application id` };
    const files = ev.containerLogs(appId, "stderr");
    if (files.length === 0) return { valid: "unknown", message: `no container stderr of ${appId} was collected` };
    const re = new RegExp(spec.pattern);
    const hits: { container: string; line: string }[] = [];
    for (const f of files) for (const line of readFileSync(f.path, "utf8").split("\n")) if (re.test(line)) hits.push({ container: f.container, line: line.trim().slice(0, 300) });
    const evidence = { pattern: spec.pattern, containers: files.length, hits: hits.slice(0, 5) };
    if (hits.length === 0) return { valid: false, message: `no line of ${files.length} container log(s) of ${appId} matches /${spec.pattern}/`, evidence };
    return { valid: true, message: `${hits[0]!.container}: ${hits[0]!.line.slice(0, 200)}`, evidence };
  },
};
