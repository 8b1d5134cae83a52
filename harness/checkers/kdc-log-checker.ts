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
      return hit ? { valid: true, message: `the KDC logged: ${short(hit).slice(0, 240)}`, evidence } : { valid: false, message: `no line of the KDC's log (${requests} request(s)) matches /${spec.pattern}/`, evidence };
    return hit ? { valid: false, message: `the KDC logged what should not be there: ${short(hit).slice(0, 240)}`, evidence } : { valid: true, message: `none of the KDC's ${requests} request(s) matches /${spec.pattern}/`, evidence };
  },
};
