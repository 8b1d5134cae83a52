// What the KDC itself said during the scenario: a request and its outcome in krb5kdc's own log (e.g. a TGS_REQ
// answered "Ticket expired", an AS_REQ for a principal that does not exist). Read from the KDC layer's evidence.
import type { Checker, CheckResult } from "./checker.ts";

export interface KdcLogSpec {
  kind: "kdc-log";
  /** A regular expression (JavaScript source, case-insensitive) matched line by line. */
  pattern: string;
  expect: "present" | "absent";
}

export function kdcLogLine(pattern: RegExp | string, expect: KdcLogSpec["expect"] = "present"): KdcLogSpec {
  return { kind: "kdc-log", pattern: typeof pattern === "string" ? pattern : pattern.source, expect };
}

/** One request line of krb5kdc's log: "AS_REQ (…etypes…) <ip>: ISSUE: authtime <s>, etypes {…}, <client> for <server>". */
export interface KdcRequest {
  kind: "AS_REQ" | "TGS_REQ";
  /** The client's address, as the KDC saw it. */
  from: string;
  /** ISSUE, PREAUTH_FAILED, CLIENT_NOT_FOUND, PROCESS_TGS, … */
  outcome: string;
  /** Seconds since the epoch (0 when the KDC could not tell). */
  authtime?: number;
  client: string;
  server: string;
  /** What follows the server principal (", Ticket expired"). */
  error: string;
  line: string;
}

const REQUEST = /(AS_REQ|TGS_REQ) (?:\(\d+ etypes \{[^}]*\}\) )?(\S+): ([A-Z_]+): (?:authtime (\d+), )?(?:etypes \{[^}]*\},? )?(\S+) for (\S+?)(,.*)?$/;

/** The request lines of a KDC log. */
export function kdcRequests(log: string): KdcRequest[] {
  const out: KdcRequest[] = [];
  for (const line of log.split("\n")) {
    const m = REQUEST.exec(line.trim());
    if (!m) continue;
    out.push({ kind: m[1] as KdcRequest["kind"], from: m[2]!, outcome: m[3]!, ...(m[4] !== undefined ? { authtime: Number(m[4]) } : {}), client: m[5]!, server: m[6]!, error: (m[7] ?? "").replace(/^,\s*/, ""), line: line.trim() });
  }
  return out;
}

export const kdcLogChecker: Checker<KdcLogSpec> = {
  kind: "kdc-log",
  check(spec, ev): CheckResult {
    const log = ev.layerFile("kdc", "kdc.log");
    if (log === undefined) return { valid: "unknown", message: "no KDC log was collected (is the cluster Kerberized?)" };
    const re = new RegExp(spec.pattern, "i");
    const lines = log.split("\n");
    const hit = lines.find((l) => re.test(l));
    // the etype lists make a line long and say nothing about the outcome
    const short = (l: string): string => l.replace(/^.*krb5kdc\[\d+\]\(\w+\): /, "").replace(/\(\d+ etypes \{[^}]*\}\) /, "").replace(/,? ?etypes \{[^}]*\}/, "").trim();
    const requests = lines.filter((l) => /AS_REQ|TGS_REQ/.test(l)).length;
    const evidence = { requests, line: hit?.trim().slice(0, 500) };
    if (spec.expect === "present")
      return hit ? { valid: true, message: `the KDC logged: ${short(hit).slice(0, 240)}`, evidence } : { valid: "unknown", message: `missing: no line of the KDC's log (${requests} request(s)) matches /${spec.pattern}/`, evidence };
    return hit ? { valid: false, message: `the KDC logged what should not be there: ${short(hit).slice(0, 240)}`, evidence } : { valid: true, message: `none of the KDC's ${requests} request(s) matches /${spec.pattern}/`, evidence };
  },
};
