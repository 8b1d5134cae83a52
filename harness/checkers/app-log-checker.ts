// Does a line of any YARN container's stderr of a step's app (the ApplicationMaster's included; not a client-mode
// driver's output, which is spark-submit's) match a pattern? What the real daemons said, in their own words.
import { readFileSync } from "node:fs";
import type { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import type { Checker, CheckResult } from "./checker.ts";

export interface AppLogSpec {
  kind: "app-log";
  step: string;
  /** A JavaScript regular expression (source). */
  pattern: string;
}

/** Some container of `step`'s app logged a line matching `pattern` (its source only: no flags): `appLog("pi-client", /GCMParameterSpec/)`. */
export function appLog(step: string, pattern: RegExp | string): AppLogSpec {
  return { kind: "app-log", step, pattern: typeof pattern === "string" ? pattern : pattern.source };
}

/** The lines of an app's collected container stderr files that match `re` (`only` picks the containers). */
export function containerStderrHits(
  ev: ScenarioEvidence,
  appId: string,
  re: RegExp,
  only: (container: string) => boolean = () => true,
): { files: number; hits: { container: string; file: string; line: string }[] } {
  const files = ev.containerLogs(appId, "stderr").filter((c) => only(c.container));
  const hits: { container: string; file: string; line: string }[] = [];
  for (const f of files) for (const line of readFileSync(f.path, "utf8").split("\n")) if (re.test(line)) hits.push({ container: f.container, file: f.path, line: line.trim().slice(0, 300) });
  return { files: files.length, hits };
}

export const appLogChecker: Checker<AppLogSpec> = {
  kind: "app-log",
  check(spec, ev): CheckResult {
    const appId = ev.step(spec.step)?.appId;
    if (!appId) return { valid: "unknown", message: `${spec.step}: no application id` };
    const { files, hits } = containerStderrHits(ev, appId, new RegExp(spec.pattern));
    if (files === 0) return { valid: "unknown", message: `no container stderr of ${appId} was collected` };
    const evidence = { pattern: spec.pattern, containers: files, hits: hits.slice(0, 5) };
    if (hits.length === 0) return { valid: false, message: `no line of ${files} container log(s) of ${appId} matches /${spec.pattern}/`, evidence };
    return { valid: true, message: `${hits[0]!.container}: ${hits[0]!.line.slice(0, 200)}`, evidence };
  },
};
