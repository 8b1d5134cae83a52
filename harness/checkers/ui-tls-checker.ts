// wire-ui-tls: does the driver's UI answer only over HTTPS? Plain HTTP may only redirect to https://.
import type { UiProbeEvidence } from "../steps/ui-probe-step.ts";
import { targetNotThere } from "../steps/step-evidence.ts";
import type { Checker, CheckResult } from "./checker.ts";

export interface UiTlsSpec {
  kind: "ui-tls-outcome";
  step: string;
  /** "https-only": HTTPS serves the UI, plain HTTP serves nothing but a redirect to https. "plain-http": the control. */
  expect: "https-only" | "plain-http";
}

export function uiTlsOutcome(step: string, expect: UiTlsSpec["expect"]): UiTlsSpec {
  return { kind: "ui-tls-outcome", step, expect };
}

export const uiTlsChecker: Checker<UiTlsSpec> = {
  kind: "ui-tls-outcome",
  check(spec, ev): CheckResult {
    const s = ev.step(spec.step);
    const notThere = targetNotThere(spec.step, s?.target);
    if (notThere) return { valid: "unknown", message: notThere, evidence: { target: s?.target } };
    const ui = s?.evidence<UiProbeEvidence>();
    if (!ui) return { valid: "unknown", message: `${spec.step}: the UI was not probed (${s?.problem ?? "no record"})` };
    const plainServes = ui.plain.httpCode === "200";
    const plainRedirectsToHttps = /^3\d\d$/.test(ui.plain.httpCode) && ui.plain.redirect.startsWith("https://");
    const httpsServes = ui.https.httpCode === "200";
    const said = `HTTP ${ui.plain.httpCode}${ui.plain.redirect ? ` → ${ui.plain.redirect}` : ""}; HTTPS ${ui.https.httpCode}`;
    const evidence = { ui };
    if (httpsServes && !plainServes && (plainRedirectsToHttps || ui.plain.httpCode === "000"))
      return { valid: spec.expect === "https-only", message: `defended: the UI answers only over HTTPS (${said}); expected ${spec.expect}`, evidence };
    if (plainServes && !httpsServes)
      return { valid: spec.expect === "plain-http", message: `vulnerable: the UI answers in plain HTTP (${said}); expected ${spec.expect}`, evidence };
    return { valid: "unknown", message: `neither clearly HTTPS-only nor plain (${said})`, evidence };
  },
};
