// Secure mode is only what it claims when the daemons themselves run Kerberized: each daemon's own log (the RM's and
// every NodeManager's console log, collected as logs/<node>.log) must carry Hadoop's line for a keytab login at
// start — UserGroupInformation.loginUserFromKeytab: "Login successful for user <principal> using keytab file
// <file>. Keytab auto renewal enabled : <bool>" — with the daemon's own service principal (rm/…, nm/…).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Checker, CheckResult } from "./checker.ts";

export interface DaemonKeytabLoginSpec {
  kind: "daemon-keytab-login";
}

export function daemonKeytabLogins(): DaemonKeytabLoginSpec {
  return { kind: "daemon-keytab-login" };
}

/** Hadoop's keytab-login line (UserGroupInformation.loginUserFromKeytab). */
export const KEYTAB_LOGIN_LINE = /Login successful for user (\S+) using keytab file (\S+?)\.? Keytab auto renewal enabled/;

/** The daemon logs of a scenario's cluster: rm.log and nm-<n>.log, with the service each one's principal must name. */
function daemonLogs(logsDir: string): { node: string; service: string; path: string }[] {
  if (!existsSync(logsDir)) return [];
  return readdirSync(logsDir)
    .flatMap((f) => {
      const m = /^(rm|nm-\d+)\.log$/.exec(f);
      return m ? [{ node: m[1]!, service: m[1] === "rm" ? "rm" : "nm", path: join(logsDir, f) }] : [];
    })
    .sort((a, b) => a.node.localeCompare(b.node));
}

export const daemonKeytabLoginChecker: Checker<DaemonKeytabLoginSpec> = {
  kind: "daemon-keytab-login",
  check(_spec, ev): CheckResult {
    const logs = daemonLogs(ev.logsDir);
    if (!logs.some((l) => l.node === "rm") || !logs.some((l) => l.service === "nm"))
      return { valid: "unknown", message: `the daemon logs were not collected (found: ${logs.map((l) => `${l.node}.log`).join(", ") || "none"} in ${ev.logsDir})` };
    const found: Record<string, string> = {};
    const missing: string[] = [];
    for (const l of logs) {
      const lines = readFileSync(l.path, "utf8").split("\n");
      const hit = lines.map((line) => ({ line, m: KEYTAB_LOGIN_LINE.exec(line) })).find((x) => x.m?.[1]?.startsWith(`${l.service}/`));
      if (hit) found[l.node] = hit.line.trim().slice(0, 300);
      else missing.push(`${l.node} (no "Login successful for user ${l.service}/… using keytab file" in ${l.node}.log)`);
    }
    const evidence = { logins: found };
    if (missing.length > 0) return { valid: "unknown", message: `not every daemon shows its keytab login: ${missing.join("; ")}`, evidence };
    const who = Object.entries(found).map(([node, line]) => `${node}: ${KEYTAB_LOGIN_LINE.exec(line)![1]}`);
    return { valid: true, message: `every daemon logged in from its keytab at start (${who.join(", ")})`, evidence };
  },
};
