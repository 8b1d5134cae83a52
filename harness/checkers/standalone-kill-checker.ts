// Outcome of a kill through a standalone master's web UI (standalone-ui-kill). "killed" rests on the master's own
// words: its log line "Removing app <id>" after the request, and its /json/ listing the app KILLED. "refused" rests on
// the defender's answer — an HTTP 401/403 with a body of its own (JWSFilter: "Authorization header is missing.") —
// with the app still RUNNING on the master afterwards and no removal line. Spark's own kill handler refuses without a
// word (a user outside the modify ACLs gets the same redirect as one inside), so a redirect with the app still running
// is unknown: an absence, never "defended".
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { UiKillEvidence } from "../steps/standalone-ui-kill-step.ts";
import { sparkLogTime } from "./standalone-outcome-checker.ts";
import type { Checker, CheckResult } from "./checker.ts";

export interface StandaloneKillSpec {
  kind: "standalone-kill-outcome";
  step: string;
  expect: "killed" | "refused";
}

export function standaloneKillOutcome(step: string, expect: StandaloneKillSpec["expect"]): StandaloneKillSpec {
  return { kind: "standalone-kill-outcome", step, expect };
}

/**
 * The master's "Removing app <id>" lines logged within [from, to] (log lines have whole seconds, rounded down) that
 * were not the app's own end: an app that finishes asks first ("Received unregister request from application <id>").
 */
export function removalLines(masterLog: string, appId: string, from: number, to: number): string[] {
  const out: string[] = [];
  let at: number | undefined;
  let unregistered = false;
  for (const line of masterLog.split("\n")) {
    at = sparkLogTime(line) ?? at;
    if (line.includes(`Received unregister request from application ${appId}`)) unregistered = true;
    if (!unregistered && at !== undefined && at >= from - 1_000 && at <= to && line.includes(`Removing app ${appId}`)) out.push(line.trim().slice(0, 300));
  }
  return out;
}

/** The UI's own words in an error page (its <title>, else the text). */
function pageText(body: string): string {
  const title = /<title>([^<]*)<\/title>/i.exec(body)?.[1];
  return (title ?? body.replace(/<[^>]+>/g, " ")).replace(/\s+/g, " ").trim();
}

/** A request the UI turned down for a missing CSRF token: the attack's own fault (it did not send the page's token), not a defence against a tenant. */
export function csrfRejection(http: UiKillEvidence["http"]): string | undefined {
  if (!("status" in http) || http.status !== 403) return undefined;
  const text = pageText(http.body);
  return /CSRF token/.test(text) ? `HTTP 403: ${text.slice(0, 200)}` : undefined;
}

/** A refusal the UI answered with: 401/403 and the defender's own text (a CSRF rejection is not one). */
export function uiRefusal(http: UiKillEvidence["http"]): string | undefined {
  if (!("status" in http) || (http.status !== 401 && http.status !== 403) || csrfRejection(http)) return undefined;
  const text = pageText(http.body);
  const said = /Authorization header is missing\.|[^.]*(not authorized|Unauthorized|Forbidden)[^.]*\.?/i.exec(text)?.[0];
  return said ? `HTTP ${http.status}: ${said.trim().slice(0, 200)}` : undefined;
}

export const standaloneKillChecker: Checker<StandaloneKillSpec> = {
  kind: "standalone-kill-outcome",
  check(spec, ev): CheckResult {
    const s = ev.step(spec.step);
    const r = s?.evidence<UiKillEvidence>();
    if (!r) return { valid: "unknown", message: `${spec.step}: the kill request was not sent (${s?.problem ?? "no record"})` };
    const logFile = join(ev.logsDir, "master.log");
    if (!existsSync(logFile)) return { valid: "unknown", message: `${spec.step}: the master's log was not collected`, evidence: { request: r } };
    // to the end of the watch: the app's normal end, after the workload, removes it too
    const removed = removalLines(readFileSync(logFile, "utf8"), r.appId, r.window.from, r.window.to + r.watchedMs);
    const refusal = uiRefusal(r.http);
    const answer = "status" in r.http ? `HTTP ${r.http.status}${r.http.location ? ` → ${r.http.location}` : ""}` : `no answer (${r.http.connectError})`;
    const evidence = { request: r.request, csrf: r.csrf, answer, body: "status" in r.http ? r.http.body.slice(0, 400) : undefined, after: r.after, masterLines: removed.slice(0, 3) };
    const whose = `${r.actor}'s kill of ${r.owner}'s ${r.appId}`;
    if (removed.length > 0 && r.after?.state === "KILLED")
      return { valid: spec.expect === "killed", message: `killed: ${whose} (${answer}); the master: ${removed[0]!.replace(/^\S+ \S+ /, "")}; /json/ lists it KILLED; expected ${spec.expect}`, evidence };
    if (refusal && r.after?.active && removed.length === 0)
      return { valid: spec.expect === "refused", message: `refused: ${whose} — ${refusal}; the master still lists the app ${r.after.state}; expected ${spec.expect}`, evidence };
    const csrf = csrfRejection(r.http);
    if (csrf && removed.length === 0)
      return { valid: "unknown", message: `${whose}: ${csrf} (the UI's CSRF token was ${r.csrf}) — the request was not the form a visitor can send, so this says nothing about who may kill`, evidence };
    if (removed.length > 0 || (r.after && !r.after.active))
      return { valid: "unknown", message: `${whose}: the app left RUNNING (${r.after?.state ?? "?"}) but the master's log and /json/ do not both say it was killed`, evidence };
    return { valid: "unknown", message: `${whose}: ${answer}, the app still ${r.after?.state ?? "?"} after ${Math.round(r.watchedMs / 1000)} s, and no component said it refused (an absence)`, evidence };
  },
};
