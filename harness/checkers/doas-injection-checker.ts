// CVE-2022-33891: did the shell command carried in `?doAs=` run on the driver's host? A marker file on that host
// shows it ran. A refusal is Spark's own answer: the UI served the RM's proxy host (baseline 200) and answered the
// injected request with the status the scenario names (403 from HttpSecurityFilter: "User … is not authorized to
// access this page."). No marker with any other answer (a redirect, 000, 404, 500, 200) is unknown: an absence.
import type { DoAsEvidence } from "../steps/ui-doas-probe-step.ts";
import { targetNotThere } from "../steps/step-evidence.ts";
import type { Checker, CheckResult } from "./checker.ts";

export interface DoAsInjectionSpec {
  kind: "doas-injection";
  step: string;
  /** "executed": the marker appeared (vulnerable release). "refused": the UI refused with `status` and no marker appeared. */
  expect: "executed" | "refused";
  /** The HTTP status Spark's filter refuses with (default 403). */
  status?: number;
}

/** The status Spark's HttpSecurityFilter answers a user without view permission with. */
export const DOAS_REFUSAL_STATUS = 403;

export function doasInjection(step: string, expect: DoAsInjectionSpec["expect"], status?: number): DoAsInjectionSpec {
  return { kind: "doas-injection", step, expect, ...(status !== undefined ? { status } : {}) };
}

/** Driver log lines of the group lookup: Spark's own account of what it ran (or failed to run) for the doAs user. */
export const GROUP_LOOKUP_LINE = /Groups: |Error getting groups for user|Unable to get groups for user|ShellBasedGroupsMappingProvider|not authorized to access this page/;

/** Spark's refusal page names the user it refused (Jetty puts the message in the page's title). */
const REFUSAL_TEXT = /is not authorized to access this page|is not allowed to impersonate/;

/** The outcome of one probe (pure: unit-tested without Docker). */
export function classifyDoAs(d: DoAsEvidence, refusalStatus = DOAS_REFUSAL_STATUS): { outcome: "executed" | "refused" | "unknown"; why: string } {
  const said = `baseline HTTP ${d.baseline.httpCode}, doAs HTTP ${d.injected.httpCode}${d.injected.redirect ? ` → ${d.injected.redirect}` : ""}`;
  if (d.markerState.exists)
    return { outcome: "executed", why: `the doAs command ran on the driver's host: ${d.marker} exists, owner ${d.markerState.owner} (uid ${d.markerState.uid}), mode ${d.markerState.mode}; ${said}` };
  if (d.baseline.httpCode !== "200") return { outcome: "unknown", why: `the UI did not serve the RM's proxy host, so the doAs request proves nothing (${said})` };
  if (d.injected.httpCode === "000") return { outcome: "unknown", why: `no HTTP answer to the doAs request (${said})` };
  if (/^3\d\d$/.test(d.injected.httpCode)) return { outcome: "unknown", why: `the doAs request was redirected before Spark's filter saw it (${said})` };
  if (d.injected.httpCode !== String(refusalStatus))
    return { outcome: "unknown", why: `no marker, but the UI answered HTTP ${d.injected.httpCode}, not the ${refusalStatus} of Spark's refusal: no refusal on record (${said})` };
  const page = d.injected.body.split("\n").find((l) => REFUSAL_TEXT.test(l));
  const quoted = page ? `: ${page.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 200)}` : "";
  return { outcome: "refused", why: `the UI refused the doAs request with HTTP ${refusalStatus}${quoted}; no ${d.marker} on the driver's host; ${said}` };
}

export const doasInjectionChecker: Checker<DoAsInjectionSpec> = {
  kind: "doas-injection",
  check(spec, ev): CheckResult {
    const s = ev.step(spec.step);
    const notThere = targetNotThere(spec.step, s?.target);
    if (notThere) return { valid: "unknown", message: notThere, evidence: { target: s?.target } };
    const d = s?.evidence<DoAsEvidence>();
    if (!d) return { valid: "unknown", message: `${spec.step}: the UI was not probed (${s?.problem ?? "no record"})` };
    const c = classifyDoAs(d, spec.status ?? DOAS_REFUSAL_STATUS);
    // the driver's own lines about the lookup (client mode: spark-submit's output), shown, never deciding
    const targetStep = s?.target?.step;
    const submit = targetStep ? ev.step(targetStep)?.spark?.submit : undefined;
    const driverLines = submit ? `${submit.stderr}\n${submit.stdout}`.split("\n").filter((l) => GROUP_LOOKUP_LINE.test(l)).slice(0, 6).map((l) => l.trim().slice(0, 300)) : [];
    const evidence = { marker: d.marker, markerState: d.markerState, payload: d.payload, baseline: d.baseline, injected: d.injected, driverLines, refusalStatus: spec.status ?? DOAS_REFUSAL_STATUS };
    if (c.outcome === "unknown") return { valid: "unknown", message: `${spec.step}: ${c.why}; expected ${spec.expect}`, evidence };
    const verdict = c.outcome === "executed" ? "vulnerable" : "defended";
    return { valid: c.outcome === spec.expect, message: `${verdict}: ${c.why}; expected ${spec.expect}`, evidence };
  },
};
