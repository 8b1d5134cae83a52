// wire-ui-tls: does the driver's UI answer only over HTTPS? "https-only" needs the UI's own evidence on both ports:
// a completed TLS handshake and the UI's JSON on the HTTPS port, and on the plain one either the UI's redirect to
// https:// or a connection refused / reset at the socket. No answer there (a timeout, "000" alone) is unknown.
import type { UiAnswer } from "../attacks/ui-probe.ts";
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

/** curl exit codes of a connection the peer turned away: 7 (could not connect) and 56 (receive failure). */
const REFUSED_AT_SOCKET = /^(Connection refused|Connection reset by peer)$/;

/** How the plain port turned the request away, in the UI's or the socket's own words; undefined when it did not say. */
export function plainRefusal(a: UiAnswer): string | undefined {
  if (/^3\d\d$/.test(a.httpCode) && a.redirect.startsWith("https://")) return `HTTP ${a.httpCode} → ${a.redirect}`;
  if (a.httpCode === "000" && (a.exitCode === 7 || a.exitCode === 56) && REFUSED_AT_SOCKET.test(a.connection ?? "")) return `${a.connection} (curl exit ${a.exitCode})`;
  return undefined;
}

const describe = (a: UiAnswer): string =>
  `${a.httpCode}${a.redirect ? ` → ${a.redirect}` : ""}${a.tls ? ` over ${a.tls}` : ""}${a.httpCode === "000" ? ` (${a.connection ?? a.error ?? "no answer"}${a.exitCode !== undefined ? `, curl exit ${a.exitCode}` : ""})` : ""}`;

export const uiTlsChecker: Checker<UiTlsSpec> = {
  kind: "ui-tls-outcome",
  check(spec, ev): CheckResult {
    const s = ev.step(spec.step);
    const notThere = targetNotThere(spec.step, s?.target);
    if (notThere) return { valid: "unknown", message: notThere, evidence: { target: s?.target } };
    const ui = s?.evidence<UiProbeEvidence>();
    if (!ui) return { valid: "unknown", message: `${spec.step}: the UI was not probed (${s?.problem ?? "no record"})` };
    const plainServes = ui.plain.httpCode === "200";
    const httpsServes = ui.https.httpCode === "200" && ui.https.tls !== undefined;
    const refusal = plainRefusal(ui.plain);
    const said = `HTTP ${describe(ui.plain)}; HTTPS ${describe(ui.https)}`;
    const evidence = { ui };
    if (plainServes && ui.https.tls === undefined)
      return { valid: spec.expect === "plain-http", message: `vulnerable: the UI answers in plain HTTP and nothing completed a TLS handshake on ${ui.https.url} (${said}); expected ${spec.expect}`, evidence };
    if (plainServes) return { valid: spec.expect === "https-only" ? false : "unknown", message: `the UI answers in plain HTTP and over TLS (${said}); expected ${spec.expect}`, evidence };
    if (httpsServes && refusal)
      return { valid: spec.expect === "https-only", message: `defended: the UI answers only over HTTPS (${ui.https.tls}); the plain port turned the request away: ${refusal} (${said}); expected ${spec.expect}`, evidence };
    const missing = [
      ...(httpsServes ? [] : [`no TLS handshake with the UI's JSON on ${ui.https.url}`]),
      ...(refusal ? [] : [`no redirect to https:// and no connection refused/reset on ${ui.plain.url} (a timeout or no answer is no refusal)`]),
    ];
    return { valid: "unknown", message: `neither clearly HTTPS-only nor plain: ${missing.join("; ")} (${said})`, evidence };
  },
};
