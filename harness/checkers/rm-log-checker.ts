// What the ResourceManager itself logged while a step ran: its daemon log (logs/rm.log, the container's console log
// since the cluster started, so earlier scenarios' lines are there too) read only inside the step's own time window
// (spark-submit's start and end). E.g. "Auth successful for alice@REALM (auth:KERBEROS) from <ip>" (ipc.Server's SASL
// audit line), "Connection from <ip> for protocol … is unauthorized for user john (auth:PROXY) via bob@REALM".
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { RM_NODE } from "../cluster/cluster-config.ts";
import type { Checker, CheckResult } from "./checker.ts";

export interface RmLogSpec {
  kind: "rm-log";
  /** The step whose spark-submit window the line must fall in. */
  step: string;
  /** A regular expression (JavaScript source, case-sensitive) matched line by line. */
  pattern: string;
  expect: "present" | "absent";
}

export function rmLogLine(step: string, pattern: RegExp | string, expect: RmLogSpec["expect"] = "present"): RmLogSpec {
  return { kind: "rm-log", step, pattern: typeof pattern === "string" ? pattern : pattern.source, expect };
}

/** Clock granularity between the harness and the container's log (both read the same kernel clock). */
const SLACK_MS = 2000;

/** A Hadoop log4j line's time ("2026-12-07 06:44:54,317 INFO …", the containers' clock is UTC), or undefined. */
export function hadoopLogTime(line: string): number | undefined {
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d),(\d{3}) /.exec(line);
  return m ? Date.parse(`${m[1]}T${m[2]}.${m[3]}Z`) : undefined;
}

/** The lines of a Hadoop daemon log written between `from` and `to` (epoch ms, with slack). */
export function linesBetween(log: string, from: number, to: number): string[] {
  return log.split("\n").filter((l) => {
    const t = hadoopLogTime(l);
    return t !== undefined && t >= from - SLACK_MS && t <= to + SLACK_MS;
  });
}

export const rmLogChecker: Checker<RmLogSpec> = {
  kind: "rm-log",
  check(spec, ev): CheckResult {
    const path = join(ev.logsDir, `${RM_NODE}.log`);
    if (!existsSync(path)) return { valid: "unknown", message: `the ResourceManager's log was not collected (${path})` };
    const submit = ev.step(spec.step)?.spark?.submit;
    if (!submit) return { valid: "unknown", message: `${spec.step}: no spark-submit on record, so no time window to read the RM's log in` };
    const log = readFileSync(path, "utf8");
    const window = linesBetween(log, submit.startedAt, submit.endedAt);
    const re = new RegExp(spec.pattern);
    const hit = window.find((l) => re.test(l));
    const span = `${new Date(submit.startedAt).toISOString()} – ${new Date(submit.endedAt).toISOString()}`;
    const evidence = { window: span, linesInWindow: window.length, line: hit?.trim().slice(0, 400) };
    if (spec.expect === "present") {
      if (hit) return { valid: true, message: `the RM logged: ${hit.trim().slice(0, 260)}`, evidence };
      return { valid: "unknown", message: `missing: no line of the RM's log while ${spec.step} ran (${window.length} line(s), ${span}) matches /${spec.pattern}/`, evidence };
    }
    if (hit) return { valid: false, message: `the RM logged what should not be there while ${spec.step} ran: ${hit.trim().slice(0, 260)}`, evidence };
    // collected after the step ended, so the window is complete; a log without a single dated line is not the RM's
    if (!log.split("\n").some((l) => hadoopLogTime(l) !== undefined)) return { valid: "unknown", message: `the RM's log has no dated line at all: its absence of /${spec.pattern}/ says nothing`, evidence };
    return { valid: true, message: `none of the RM's ${window.length} line(s) while ${spec.step} ran matches /${spec.pattern}/`, evidence };
  },
};
