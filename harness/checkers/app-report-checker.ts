// ten-app-report-leak: does the RM withhold the restricted part of a running app's report from a tenant who may not
// view the app? Hadoop's AppInfo fills these fields only when RMWebServices.hasAccess(app) holds (VIEW_APP ACL or
// queue admin); id, user, queue, state, diagnostics and trackingUrl are shown to anyone.
import type { AppReportAnswer, AppReportEvidence } from "../steps/app-report-read-step.ts";
import { targetNotThere } from "../steps/step-evidence.ts";
import type { Checker, CheckResult } from "./checker.ts";

export interface AppReportOutcomeSpec {
  kind: "app-report-outcome";
  /** The app-report-read step. */
  step: string;
  /** "withheld": YARN ACLs hide the restricted fields from the reader. "visible": the control, without ACLs. */
  expect: "withheld" | "visible";
}

export function appReportOutcome(step: string, expect: AppReportOutcomeSpec["expect"]): AppReportOutcomeSpec {
  return { kind: "app-report-outcome", step, expect };
}

/** The fields AppInfo sets only `if (hasAccess)`, as a running app's owner sees them filled. */
export const RESTRICTED_APP_FIELDS = ["amContainerLogs", "amHostHttpAddress", "startedTime", "elapsedTime", "runningContainers", "allocatedMB"] as const;

/** Withheld: absent, null, "" or 0 (JAXB leaves the reader's numbers at their default). */
const filled = (v: unknown): boolean => (typeof v === "number" ? v !== 0 : typeof v === "string" ? v !== "" && v !== "0" : v !== undefined && v !== null);

const state = (a: AppReportAnswer): string => String(a.app?.state ?? `HTTP ${a.status}`);

export const appReportChecker: Checker<AppReportOutcomeSpec> = {
  kind: "app-report-outcome",
  check(spec, ev): CheckResult {
    const s = ev.step(spec.step);
    const notThere = targetNotThere(spec.step, s?.target);
    if (notThere) return { valid: "unknown", message: notThere, evidence: { target: s?.target } };
    const r = s?.evidence<AppReportEvidence>();
    if (!r) return { valid: "unknown", message: `${spec.step}: the report was not read (${s?.problem ?? "no record"})` };
    const { reader, ownerView } = r;
    const evidence = { appId: r.appId, reader, owner: ownerView };
    if (!ownerView.app) return { valid: "unknown", message: `${spec.step}: ${r.owner}'s own read got no report (${ownerView.request} → HTTP ${ownerView.status})`, evidence };
    // the fields must be there to be withheld: a report read after the app ended (or before its AM ran) proves nothing
    if (state(ownerView) !== "RUNNING" || (reader.app && state(reader) !== "RUNNING"))
      return { valid: "unknown", message: `${spec.step}: target not RUNNING when read (${r.reader.user} saw ${state(reader)}, ${r.owner} saw ${state(ownerView)})`, evidence };
    const baseline = RESTRICTED_APP_FIELDS.filter((f) => filled(ownerView.app![f]));
    if (!baseline.includes("amContainerLogs"))
      return { valid: "unknown", message: `${spec.step}: ${r.owner}'s own report of ${r.appId} has no amContainerLogs: nothing to withhold`, evidence };
    const who = `${reader.user} reading ${r.owner}'s running ${r.appId}`;
    let outcome: "withheld" | "visible";
    let said: string;
    if (reader.status === 401 || reader.status === 403) {
      outcome = "withheld";
      said = `the RM refused the whole report (${reader.request} → HTTP ${reader.status})`;
    } else if (reader.status !== 200 || !reader.app) {
      return { valid: "unknown", message: `${spec.step}: ${reader.request} → HTTP ${reader.status}, not a report: ${reader.text?.slice(0, 160) ?? ""}`, evidence };
    } else {
      const shown = baseline.filter((f) => filled(reader.app![f]));
      const hidden = baseline.filter((f) => !filled(reader.app![f]));
      if (shown.length > 0 && hidden.length > 0)
        return { valid: "unknown", message: `${spec.step}: ${who}: some restricted fields shown (${shown.join(", ")}), some withheld (${hidden.join(", ")})`, evidence };
      outcome = hidden.length > 0 ? "withheld" : "visible";
      said = outcome === "withheld" ? `${hidden.join(", ")} withheld (${r.owner} sees them)` : `${shown.join(", ")} shown, e.g. amContainerLogs ${String(reader.app.amContainerLogs)}`;
    }
    const finding = outcome === "withheld" ? "defended" : "vulnerable";
    return { valid: outcome === spec.expect, message: `${finding}: ${who}: ${said}; expected ${spec.expect}`, evidence };
  },
};
