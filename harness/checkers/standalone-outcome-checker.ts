// Outcome of an outsider's attempt on a Spark standalone cluster (standalone-attack) or of a master started with a
// setting (standalone-master-start). "ran" rests on the marker carrying the run's nonce AND a daemon's own line naming
// it (the master registering the app, a worker's launch command). "refused" rests on the defender's own words: the
// master's authentication refusal logged in the attempt's window, the REST server's error answer, or the master's
// refusal to start — and no marker. A closed connection, a timeout or a missing marker alone is unknown.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { StandaloneAttackEvidence } from "../steps/standalone-attack-step.ts";
import type { MasterStartEvidence } from "../steps/standalone-master-start-step.ts";
import type { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import { AUTH_REFUSAL_LINES } from "./rogue-rpc-checker.ts";
import type { Checker, CheckResult } from "./checker.ts";

export interface StandaloneOutcomeSpec {
  kind: "standalone-outcome";
  step: string;
  expect: "ran" | "refused";
}

export function standaloneOutcome(step: string, expect: StandaloneOutcomeSpec["expect"]): StandaloneOutcomeSpec {
  return { kind: "standalone-outcome", step, expect };
}

/** Spark's log lead — "yy/MM/dd HH:mm:ss" (2.4+ defaults) or "yyyy-MM-dd HH:mm:ss" (2.3) — in UTC (as the containers run) → ms since the epoch. */
export function sparkLogTime(line: string): number | undefined {
  const m = /^(\d\d|\d{4})[/-](\d\d)[/-](\d\d) (\d\d):(\d\d):(\d\d)/.exec(line);
  if (!m) return undefined;
  const year = m[1]!.length === 2 ? 2000 + Number(m[1]) : Number(m[1]);
  return Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

/** A daemon accepting the attacker's code: registering its app or launching its command, naming the nonce. */
export function acceptanceLines(log: string, nonce: string): string[] {
  return log.split("\n").filter((l) => l.includes(nonce) && /Registered app|Registering app|Launch [Cc]ommand|Driver submitted|Submitted driver/.test(l)).map((l) => l.slice(0, 400));
}

/** The master's authentication refusals logged within [from - 2 s, to + 2 s] (log lines have whole seconds). */
export function refusalLinesIn(log: string, window: { from: number; to: number }): string[] {
  const out: string[] = [];
  let at: number | undefined;
  for (const line of log.split("\n")) {
    at = sparkLogTime(line) ?? at;
    if (at === undefined || at < window.from - 2_000 || at > window.to + 2_000) continue;
    if (AUTH_REFUSAL_LINES.test(line)) out.push(line.trim().slice(0, 300));
  }
  return out;
}

/** REST refusal: the REST server (or a filter in front of it) answered with an error status and a body of its own. */
export function restRefusal(http: StandaloneAttackEvidence["http"]): string | undefined {
  if (!http || !("status" in http)) return undefined;
  if (http.status >= 400 && http.body.trim().length > 0) return `HTTP ${http.status}: ${http.body.replace(/\s+/g, " ").slice(0, 200)}`;
  if (http.status === 200 && /"success"\s*:\s*false/.test(http.body)) return `HTTP 200 with success false: ${http.body.replace(/\s+/g, " ").slice(0, 200)}`;
  return undefined;
}

const REST_START_REFUSAL = /RestSubmissionServer does not support authentication via spark\.authenticate\.secret[^\n]*/;
const MASTER_STARTED = /Started REST server for submitting applications on port \d+|I have been elected leader! New state: ALIVE/;

function daemonLogs(ev: ScenarioEvidence): Array<{ node: string; text: string }> {
  if (!existsSync(ev.logsDir)) return [];
  const out: Array<{ node: string; text: string }> = [];
  for (const node of ["master", "worker-1", "worker-2", "worker-3", "worker-4", "worker-5", "worker-6"]) {
    const f = join(ev.logsDir, `${node}.log`);
    if (existsSync(f)) out.push({ node, text: readFileSync(f, "utf8") });
  }
  return out;
}

export const standaloneOutcomeChecker: Checker<StandaloneOutcomeSpec> = {
  kind: "standalone-outcome",
  check(spec, ev): CheckResult {
    const s = ev.step(spec.step);
    if (!s) return { valid: "unknown", message: `${spec.step}: no such step record` };
    if (s.step.kind === "standalone-master-start") {
      const r = s.evidence<MasterStartEvidence>();
      if (!r) return { valid: "unknown", message: `${spec.step}: the second master did not run (${s.problem ?? "no record"})` };
      const refusal = REST_START_REFUSAL.exec(r.output)?.[0];
      const startedLine = MASTER_STARTED.exec(r.output)?.[0];
      const evidence = { exitCode: r.exitCode, stillRunning: r.stillRunning, conf: r.conf, output: r.output.slice(-1500) };
      if (refusal && !r.stillRunning) return { valid: spec.expect === "refused", message: `refused: the master would not start (exit ${r.exitCode}): ${refusal.slice(0, 200)}; expected ${spec.expect}`, evidence };
      if (startedLine && r.stillRunning) return { valid: spec.expect === "ran", message: `started: the master ran with ${Object.keys(r.conf).join(", ")} (${startedLine}); expected ${spec.expect}`, evidence };
      return { valid: "unknown", message: `${spec.step}: the master exited ${r.exitCode} without its refusal line and without starting`, evidence };
    }
    const r = s.evidence<StandaloneAttackEvidence>();
    if (!r) return { valid: "unknown", message: `${spec.step}: the attempt did not run (${s.problem ?? "no record"})` };
    const logs = daemonLogs(ev);
    if (logs.length === 0) return { valid: "unknown", message: `${spec.step}: the daemons' logs were not collected`, evidence: { attempt: r } };
    const accepted = logs.flatMap((l) => acceptanceLines(l.text, r.nonce).map((line) => `${l.node}: ${line}`));
    const master = logs.find((l) => l.node === "master");
    const refused = [...(master ? refusalLinesIn(master.text, r.window).map((l) => `master: ${l}`) : []), ...(r.via === "rest" && restRefusal(r.http) ? [`REST server: ${restRefusal(r.http)}`] : [])];
    const evidence = { attempt: { ...r, output: r.output.slice(-1500) }, daemonLines: accepted.slice(0, 5), refusals: refused.slice(0, 5) };
    if (r.marker) {
      if (accepted.length === 0) return { valid: "unknown", message: `the marker appeared on ${r.marker.node}, but no daemon logged registering or launching it`, evidence };
      return { valid: spec.expect === "ran", message: `ran: ${r.marker.node} ran the outsider's code (${r.marker.content}); ${accepted[0]!.slice(0, 200)}; expected ${spec.expect}`, evidence };
    }
    if (refused.length > 0) return { valid: spec.expect === "refused", message: `refused: ${refused[0]!.slice(0, 240)}; no marker after ${Math.round(r.waitedMs / 1000)} s; expected ${spec.expect}`, evidence };
    const answer = r.http && "connectError" in r.http ? `no answer (${r.http.connectError})` : r.http ? `HTTP ${r.http.status}` : `client exit ${r.exitCode}`;
    return { valid: "unknown", message: `${spec.step}: no marker after ${Math.round(r.waitedMs / 1000)} s, but no refusal from the master either (${answer}${accepted.length ? `; a daemon did log: ${accepted[0]!.slice(0, 120)}` : ""})`, evidence };
  },
};
