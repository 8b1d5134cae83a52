// krb-kdc-down's fault, shown in the KDC's own words: krb5kdc logged "shutting down" during the scenario, and the
// outage step's probe in the KDC's container found no krb5kdc process and port 88 refusing a connection. Without
// both the client's login failure proves nothing about the KDC being down: unknown.
import type { KdcOutageEvidence } from "../steps/kdc-outage-step.ts";
import type { Checker, CheckResult } from "./checker.ts";

export interface KdcOutageSpec {
  kind: "kdc-outage";
  /** The kdc-outage step. */
  step: string;
}

export function kdcOutageHeld(step = "kdc-outage"): KdcOutageSpec {
  return { kind: "kdc-outage", step };
}

/** krb5kdc's own line when it stops (SIGTERM). */
export const KDC_SHUTDOWN_LINE = /krb5kdc\[\d+\]\(\w+\): shutting down/;

export const kdcOutageChecker: Checker<KdcOutageSpec> = {
  kind: "kdc-outage",
  check(spec, ev): CheckResult {
    const s = ev.step(spec.step);
    const o = s?.evidence<KdcOutageEvidence>();
    if (!o) return { valid: "unknown", message: `${spec.step}: the KDC outage was not made (${s?.problem ?? "no record"})` };
    const log = ev.layerFile("kdc", "kdc.log");
    const shutdown = log?.split("\n").find((l) => KDC_SHUTDOWN_LINE.test(l))?.trim();
    const noProcess = /krb5kdc processes: 0\b/.test(o.afterHalt);
    const refused = /port 88: refused/.test(o.afterHalt);
    const evidence = { probe: o.afterHalt, kdcLine: shutdown };
    const missing = [
      ...(log === undefined ? ["no KDC log was collected"] : shutdown ? [] : ['no "shutting down" line in the KDC\'s log']),
      ...(noProcess ? [] : [`the probe still saw krb5kdc running (${o.afterHalt.split("\n")[0]})`]),
      ...(refused ? [] : ["the probe did not see port 88 refuse a connection"]),
    ];
    if (missing.length > 0) return { valid: "unknown", message: `the KDC outage is not shown: ${missing.join("; ")}`, evidence };
    return { valid: true, message: `the KDC was down: it logged "${shutdown!.replace(/^.*krb5kdc/, "krb5kdc")}"; on ${o.kdcHost}: ${o.afterHalt.replace(/\n/g, ", ")}`, evidence };
  },
};
