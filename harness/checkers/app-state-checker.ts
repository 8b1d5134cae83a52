// The RM's final state and status of each named step's application (e.g. FINISHED / SUCCEEDED).
import type { Checker, CheckResult } from "./checker.ts";

export interface AppStateSpec {
  kind: "app-state";
  /** Steps whose app is checked; all submit steps when omitted. */
  steps?: string[];
  state: "FINISHED" | "FAILED" | "KILLED";
  finalStatus?: "SUCCEEDED" | "FAILED" | "KILLED";
  /** A substring the RM's diagnostics must contain. */
  diagnosticsContains?: string;
}

export function appState(state: AppStateSpec["state"], finalStatus?: AppStateSpec["finalStatus"], more: Partial<AppStateSpec> = {}): AppStateSpec {
  return { kind: "app-state", state, finalStatus, ...more };
}

export const appStateChecker: Checker<AppStateSpec> = {
  kind: "app-state",
  check(spec, ev): CheckResult {
    const ids = spec.steps ?? [...ev.steps.values()].filter((s) => s.step.kind === "spark-submit").map((s) => s.step.id);
    if (ids.length === 0) return { valid: "unknown", message: "no step to check" };
    const seen: Record<string, unknown>[] = [];
    let unknown: string | undefined;
    for (const id of ids) {
      const s = ev.step(id);
      const app = s?.spark?.app;
      if (!app) {
        unknown ??= `step ${id}: no application report from the RM (${s?.problem ?? "no app id"})`;
        continue;
      }
      seen.push({ step: id, app: app.id, state: app.state, finalStatus: app.finalStatus, diagnostics: app.diagnostics.slice(0, 400) });
      const want = `${spec.state}${spec.finalStatus ? `/${spec.finalStatus}` : ""}`;
      if (app.state !== spec.state || (spec.finalStatus && app.finalStatus !== spec.finalStatus)) {
        return { valid: false, message: `${id}: ${app.id} is ${app.state}/${app.finalStatus}, expected ${want}`, evidence: { apps: seen } };
      }
      if (spec.diagnosticsContains && !app.diagnostics.includes(spec.diagnosticsContains)) {
        return { valid: false, message: `${id}: diagnostics lack ${JSON.stringify(spec.diagnosticsContains)}`, evidence: { apps: seen } };
      }
    }
    if (unknown) return { valid: "unknown", message: unknown, evidence: { apps: seen } };
    return {
      valid: true,
      message: `${seen.length} app(s) ${spec.state}${spec.finalStatus ? `/${spec.finalStatus}` : ""} in the RM`,
      evidence: { apps: seen },
    };
  },
};
