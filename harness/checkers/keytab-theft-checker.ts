// Outcome of the keytab theft: "stolen" — the container read the NodeManager's keytab, logged in as its nm/ principal,
// the RM accepted the stolen identity (2xx) and the victim's app ended KILLED; "refused" — no keytab in the
// container's view, or no login with it, and the victim's app lives on.
import type { KeytabTheftEvidence } from "../steps/keytab-theft-step.ts";
import { targetNotThere } from "../steps/step-evidence.ts";
import type { Checker, CheckResult } from "./checker.ts";

export interface KeytabTheftSpec {
  kind: "keytab-theft-outcome";
  step: string;
  expect: "stolen" | "refused";
}

export function keytabTheftOutcome(step: string, expect: KeytabTheftSpec["expect"]): KeytabTheftSpec {
  return { kind: "keytab-theft-outcome", step, expect };
}

export const keytabTheftChecker: Checker<KeytabTheftSpec> = {
  kind: "keytab-theft-outcome",
  check(spec, ev): CheckResult {
    const s = ev.step(spec.step);
    const notThere = targetNotThere(spec.step, s?.target);
    if (notThere) return { valid: "unknown", message: notThere, evidence: { target: s?.target } };
    const t = s?.evidence<KeytabTheftEvidence>();
    if (!s || !t) return { valid: "unknown", message: `${spec.step}: the attack was not made (${s?.problem ?? "no record"})` };
    if (!t.stdout.trim()) return { valid: "unknown", message: `${spec.step}: the attacker's container left no output (${t.attackerApp})`, evidence: { attack: t } };
    const target = s.step.kind === "keytab-theft" ? ev.step((s.step as { target: string }).target) : undefined;
    const app = target?.spark?.app;
    if (!app) return { valid: "unknown", message: `${spec.step}: no final report of the victim's app`, evidence: { attack: t } };
    const evidence = { attack: { ...t, stdout: t.stdout.slice(0, 1500) }, victim: { app: app.id, user: app.user, state: app.state, diagnostics: app.diagnostics.slice(0, 200) } };
    const accepted = t.killStatus !== undefined && t.killStatus >= 200 && t.killStatus < 300;
    const stolen = t.principal !== undefined && t.loggedIn && accepted && app.state === "KILLED";
    const refused = (!t.principal || !t.loggedIn) && !accepted && app.state !== "KILLED";
    const said = t.principal
      ? `${t.attacker}'s container${t.node ? ` on ${t.node}` : ""} read the NodeManager's keytab (${t.principal}), ${t.loggedIn ? "logged in with it" : "could not log in with it"}; the RM answered the kill with HTTP ${t.killStatus ?? "?"}; ${app.user}'s ${app.id} ended ${app.state}`
      : `${t.attacker}'s container found no NodeManager principal in its view; the kill got HTTP ${t.killStatus ?? "?"}; ${app.user}'s ${app.id} ended ${app.state}`;
    if (!stolen && !refused) return { valid: "unknown", message: `${said} — neither a clean theft nor a clean refusal`, evidence };
    const got = stolen ? "stolen" : "refused";
    return { valid: got === spec.expect, message: `${stolen ? "vulnerable" : "defended"}: ${said}; expected ${spec.expect}`, evidence };
  },
};
