// Outcome of an RM REST kill attack: refused (HTTP 401/403 and the app lives on) or allowed (2xx and KILLED).
import type { KillEvidence } from "../steps/rm-kill-step.ts";
import { targetNotThere } from "../steps/step-evidence.ts";
import type { Checker, CheckResult } from "./checker.ts";

export interface RmKillOutcomeSpec {
  kind: "rm-kill-outcome";
  /** The rm-kill step. */
  step: string;
  /** "refused": the defence holds. "allowed": the control, or a documented weakness. */
  expect: "refused" | "allowed";
  /** The exact HTTP status a refusal must carry: 401 (no proven identity, SPNEGO) or 403 (identity proven, ACL says no). */
  status?: 401 | 403;
}

export function killOutcome(step: string, expect: RmKillOutcomeSpec["expect"], status?: 401 | 403): RmKillOutcomeSpec {
  return { kind: "rm-kill-outcome", step, expect, ...(status ? { status } : {}) };
}

export const rmKillChecker: Checker<RmKillOutcomeSpec> = {
  kind: "rm-kill-outcome",
  check(spec, ev): CheckResult {
    const s = ev.step(spec.step);
    const notThere = targetNotThere(spec.step, s?.target);
    if (notThere) return { valid: "unknown", message: notThere, evidence: { target: s?.target } };
    const a = s?.evidence<KillEvidence>();
    if (!s || !a) return { valid: "unknown", message: `${spec.step}: the attack was not made (${s?.problem ?? "no record"})` };
    const target = s.step.kind === "rm-kill" ? ev.step(s.step.target) : undefined;
    const app = target?.spark?.app;
    if (!app) return { valid: "unknown", message: `${spec.step}: no final report of the target app (${target?.problem ?? "?"})`, evidence: { attack: a } };
    const refusedHttp = a.status === 401 || a.status === 403;
    const acceptedHttp = a.status >= 200 && a.status < 300;
    const killed = app.state === "KILLED";
    const outcome = refusedHttp && !killed ? "refused" : acceptedHttp && killed ? "allowed" : undefined;
    const evidence = { attack: a, target: { app: app.id, user: app.user, state: app.state, finalStatus: app.finalStatus, diagnostics: app.diagnostics.slice(0, 300) } };
    const creds = a.credentials === "ticket" ? ` with ${a.actor}'s own ticket` : a.credentials === "none" ? " with no Kerberos ticket" : "";
    const said = `${a.actor} → PUT state KILLED as user.name=${a.asUser}${creds}: HTTP ${a.status}; ${app.user}'s ${app.id} ended ${app.state}`;
    if (!outcome) return { valid: "unknown", message: `${said} — neither a clean refusal nor a clean kill`, evidence };
    const finding = outcome === "refused" ? "defended" : "vulnerable";
    if (outcome === "refused" && spec.expect === "refused" && spec.status && a.status !== spec.status)
      return { valid: false, message: `${finding}, but with HTTP ${a.status} where ${spec.status} was expected: ${said}`, evidence };
    return { valid: outcome === spec.expect, message: `${finding}: ${said}; expected ${spec.expect}${spec.status ? ` (HTTP ${spec.status})` : ""}`, evidence };
  },
};
