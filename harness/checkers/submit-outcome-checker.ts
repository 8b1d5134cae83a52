// Did a submit get in? "refused": spark-submit failed before any app ran, and its output carries the line the pattern
// names — which each scenario picks so that it quotes the defending component (the RM's RemoteException, the auth
// methods of the RM's SASL negotiation, the Kerberos login's own failure), never a client-only error; a failure
// without that line is unknown (the defence was not shown). "accepted": the app finished SUCCEEDED (as `appUser`,
// when given: who YARN says it ran as).
import type { Checker, CheckResult } from "./checker.ts";

export interface SubmitOutcomeSpec {
  kind: "submit-outcome";
  step: string;
  expect: "refused" | "accepted";
  /** For "refused": a regular expression (JavaScript source, case-insensitive) the client's output must match. */
  reason?: string;
  /** For "accepted": the user YARN ran the app as. */
  appUser?: string;
}

export function submitOutcome(step: string, expect: "refused", reason: RegExp | string): SubmitOutcomeSpec;
export function submitOutcome(step: string, expect: "accepted", appUser?: string): SubmitOutcomeSpec;
export function submitOutcome(step: string, expect: SubmitOutcomeSpec["expect"], detail?: RegExp | string): SubmitOutcomeSpec {
  if (expect === "refused") return { kind: "submit-outcome", step, expect, reason: detail instanceof RegExp ? detail.source : detail };
  return { kind: "submit-outcome", step, expect, ...(typeof detail === "string" ? { appUser: detail } : {}) };
}

/** The first line of `text` that matches `re`, trimmed (the client's own words). */
function lineMatching(text: string, re: RegExp): string | undefined {
  return text.split("\n").find((l) => re.test(l))?.trim().slice(0, 400);
}

export const submitOutcomeChecker: Checker<SubmitOutcomeSpec> = {
  kind: "submit-outcome",
  check(spec, ev): CheckResult {
    const s = ev.step(spec.step);
    const spark = s?.spark;
    const submit = spark?.submit;
    if (!s || !submit) return { valid: "unknown", message: `${spec.step}: spark-submit did not run (${s?.problem ?? "no record"})` };
    const output = `${submit.stderr}\n${submit.stdout}`;
    const app = spark.app;
    const evidence = { exitCode: submit.exitCode, appId: submit.appId, app: app && { state: app.state, finalStatus: app.finalStatus, user: app.user, diagnostics: app.diagnostics.slice(0, 300) }, timedOut: submit.timedOut };
    if (submit.timedOut) return { valid: "unknown", message: `${spec.step}: spark-submit hung until the step's timeout`, evidence };
    const succeeded = app?.state === "FINISHED" && app.finalStatus === "SUCCEEDED";
    if (spec.expect === "accepted") {
      if (!succeeded) return { valid: false, message: `refused: spark-submit exited ${submit.exitCode}${app ? `, ${app.id} ${app.state}/${app.finalStatus}` : ", no application"}; expected accepted. Last error: ${lastErrorLine(output)}`, evidence };
      if (spec.appUser && app.user !== spec.appUser) return { valid: false, message: `accepted, but ${app.id} ran as ${app.user}, not ${spec.appUser}`, evidence };
      return { valid: true, message: `accepted: ${app.id} FINISHED/SUCCEEDED as ${app.user}`, evidence };
    }
    if (succeeded || submit.exitCode === 0) return { valid: false, message: `accepted: spark-submit exited ${submit.exitCode}${app ? `, ${app.id} ${app.state}/${app.finalStatus} as ${app.user}` : ""}; expected refused`, evidence };
    const re = new RegExp(spec.reason ?? ".", "i");
    const said = lineMatching(output, re);
    if (!said) return { valid: "unknown", message: `spark-submit failed (exit ${submit.exitCode}), but no line shows the refusal /${spec.reason}/: ${lastErrorLine(output)}`, evidence };
    return { valid: true, message: `refused (exit ${submit.exitCode}${app ? `, ${app.id} ${app.state}` : ", no application"}): ${said}`, evidence: { ...evidence, clientSaid: said } };
  },
};

/** The last line that reads like an error (Exception, ERROR, Caused by), for messages. */
export function lastErrorLine(text: string): string {
  const lines = text.split("\n").filter((l) => /exception|error|caused by/i.test(l));
  return (lines.at(-1) ?? text.trim().split("\n").at(-1) ?? "").trim().slice(0, 300);
}
