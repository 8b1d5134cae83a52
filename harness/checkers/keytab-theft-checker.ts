// Outcome of the keytab theft, each half in the defending components' own words.
// "stolen": the container read the NodeManager's keytab; the KDC issued a TGT to that principal for a request from
// the container's address (the NodeManager's: a DefaultContainerExecutor container shares its network) while the
// attack ran (authtime inside the attack's window); the RM accepted the kill (its audit log's "Kill Application
// Request … RESULT=SUCCESS" for the victim, HTTP 2xx) and the victim's app ended KILLED.
// "refused": no keytab in the container's view or no login with it, the RM answered the kill 401/403, and the victim
// lives on. Anything in between, or a half without its line, is unknown.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { RM_NODE } from "../cluster/cluster-config.ts";
import type { KeytabTheftEvidence } from "../steps/keytab-theft-step.ts";
import { targetNotThere } from "../steps/step-evidence.ts";
import type { Checker, CheckResult } from "./checker.ts";
import { kdcRequests } from "./kdc-log-checker.ts";

export interface KeytabTheftSpec {
  kind: "keytab-theft-outcome";
  step: string;
  expect: "stolen" | "refused";
}

export function keytabTheftOutcome(step: string, expect: KeytabTheftSpec["expect"]): KeytabTheftSpec {
  return { kind: "keytab-theft-outcome", step, expect };
}

/** Clock granularity: the KDC's authtime is in whole seconds. */
const SLACK_S = 2;

/** The KDC's AS_REQ line that issued `principal` a TGT for a request from `ip` between `from` and `to` (epoch ms). */
export function stolenLoginLine(kdcLog: string, principal: string, ip: string, from: number, to: number): string | undefined {
  return kdcRequests(kdcLog).find(
    (r) => r.kind === "AS_REQ" && r.outcome === "ISSUE" && r.client === principal && r.from === ip && r.server.startsWith("krbtgt/") && r.authtime !== undefined && r.authtime >= Math.floor(from / 1000) - SLACK_S && r.authtime <= Math.ceil(to / 1000) + SLACK_S,
  )?.line;
}

/** The RM's audit line for a successful kill of `appId` (RMAuditLogger, tab-separated). */
export function rmKillAuditLine(rmLog: string, appId: string): string | undefined {
  return rmLog.split("\n").find((l) => /OPERATION=Kill Application Request\s+TARGET=RMAppImpl\s+RESULT=SUCCESS\s+APPID=(\S+)/.exec(l)?.[1] === appId)?.trim();
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
    const kdcLog = ev.layerFile("kdc", "kdc.log");
    const rmPath = join(ev.logsDir, `${RM_NODE}.log`);
    const rmLog = existsSync(rmPath) ? readFileSync(rmPath, "utf8") : undefined;
    const kdcLine = t.principal && t.nodeIp && t.startedAt && t.endedAt && kdcLog ? stolenLoginLine(kdcLog, t.principal, t.nodeIp, t.startedAt, t.endedAt) : undefined;
    const rmLine = rmLog ? rmKillAuditLine(rmLog, app.id) : undefined;
    const evidence = {
      attack: { ...t, stdout: t.stdout.slice(0, 1500) },
      victim: { app: app.id, user: app.user, state: app.state, diagnostics: app.diagnostics.slice(0, 200) },
      kdcLine: kdcLine?.replace(/\(\d+ etypes \{[^}]*\}\) /, "").replace(/etypes \{[^}]*\}, /, ""),
      rmAudit: rmLine,
    };
    const accepted = t.killStatus !== undefined && t.killStatus >= 200 && t.killStatus < 300;
    const refusedHttp = t.killStatus === 401 || t.killStatus === 403;
    const said = t.principal
      ? `${t.attacker}'s container${t.node ? ` on ${t.node}${t.nodeIp ? ` (${t.nodeIp})` : ""}` : ""} read the NodeManager's keytab (${t.principal}), ${t.loggedIn ? "logged in with it" : "could not log in with it"}; the RM answered the kill with HTTP ${t.killStatus ?? "?"}; ${app.user}'s ${app.id} ended ${app.state}`
      : `${t.attacker}'s container found no NodeManager principal in its view; the kill got HTTP ${t.killStatus ?? "?"}; ${app.user}'s ${app.id} ended ${app.state}`;
    if (t.principal && t.loggedIn && accepted && app.state === "KILLED") {
      const missing = [
        ...(kdcLine ? [] : [`the KDC's AS_REQ ISSUE for ${t.principal} from ${t.nodeIp ?? "the container's address (not recorded)"} during the attack${kdcLog === undefined ? " (no KDC log was collected)" : ""}`]),
        ...(rmLine ? [] : [`the RM's audit line "Kill Application Request … RESULT=SUCCESS APPID=${app.id}"${rmLog === undefined ? " (no RM log was collected)" : ""}`]),
      ];
      if (missing.length > 0) return { valid: "unknown", message: `${said}, but missing: ${missing.join("; ")}`, evidence };
      const who = /USER=(\S+)/.exec(rmLine!)?.[1];
      return { valid: spec.expect === "stolen", message: `vulnerable: ${said}; the KDC issued the TGT to ${t.nodeIp}; the RM's audit: ${who ?? "?"} killed ${app.id}; expected ${spec.expect}`, evidence };
    }
    if ((!t.principal || !t.loggedIn) && refusedHttp && app.state !== "KILLED")
      return { valid: spec.expect === "refused", message: `defended: ${said}; expected ${spec.expect}`, evidence };
    return { valid: "unknown", message: `${said} — neither a theft nor a refusal the RM answered (401/403)`, evidence };
  },
};
