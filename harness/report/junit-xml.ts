// JUnit XML of a run: one testsuite, one testcase per scenario (and repetition: "name #2"); fail → <failure>, unknown → <error>.
// A regression since the baseline (`run --baseline`) is the failure's message; a finding regression fails a passed test.
// A passed test whose finding is not bound (a control failed, could not tell or did not run on its pair) is an <error>.
import { dirname } from "node:path";
import { bindControls, unboundBy } from "./finding-binding.ts";
import { comparisonKey } from "./result-key.ts";
import type { RunResults, ScenarioResult } from "./results-model.ts";
import { isRegression } from "./run-diff.ts";
import { resultLabel } from "./stability.ts";
import { escapeXml } from "./html-escape.ts";

const esc = escapeXml;

/** "regression since baseline <run-id> (<dir>): pass → fail", when the scenario's test fails for a regression; else undefined. */
export function regressionMessage(r: RunResults, s: ScenarioResult): string | undefined {
  const b = r.baseline;
  if (!b) return undefined;
  const key = comparisonKey(s, r.versions);
  const mine = b.changes.filter((c) => c.key === key && isRegression(c));
  // a verdict regression fails the repetitions that failed; a finding regression fails the test even where it passed
  const counts = mine.some((c) => c.kind === "finding-regressed") || (mine.length > 0 && s.verdict === "fail");
  return counts ? `regression since baseline ${b.runId} (${dirname(b.from)}): ${mine.map((c) => c.message).join("; ")}` : undefined;
}

export function renderJunit(r: RunResults): string {
  const regression = new Map(r.scenarios.map((s) => [s, regressionMessage(r, s)]));
  const failed = (s: ScenarioResult): boolean => s.verdict === "fail" || regression.get(s) !== undefined;
  const failures = r.scenarios.filter(failed).length;
  const unbound = new Map(r.scenarios.map((s) => [s, s.verdict === "pass" ? unboundMessage(r, s) : undefined]));
  const errors = r.scenarios.filter((s) => !failed(s) && (s.verdict === "unknown" || unbound.get(s) !== undefined)).length;
  const time = r.scenarios.reduce((t, s) => t + s.seconds, 0);
  const cases = r.scenarios.map((s) => {
    const [area, ...rest] = resultLabel(s).split("/");
    const details = s.checks.map((c) => `${c.name} [${c.kind}]: ${String(c.valid)} — ${c.message}`).join("\n") + (s.error ? `\nerror: ${s.error}` : "");
    const why = s.verdict === "fail" ? (firstBad(s.checks) ?? s.error ?? "failed") : undefined;
    const reg = regression.get(s);
    const body =
      failed(s)
        ? `<failure message="${esc(reg && why ? `${reg} — ${why}` : (reg ?? why ?? "failed"))}">${esc(reg ? `${reg}\n${details}` : details)}</failure>`
        : s.verdict === "unknown"
          ? `<error type="unknown" message="${esc(s.error ?? firstBad(s.checks) ?? "the harness could not tell")}">${esc(details)}</error>`
          : unbound.get(s) !== undefined
            ? `<error type="finding-not-bound" message="${esc(unbound.get(s)!)}">${esc(`${unbound.get(s)}\n${details}`)}</error>`
            : "";
    const props = s.emulated ? `<properties><property name="emulated" value="${esc(s.emulated)}"/></properties>` : "";
    const out = `<system-out>${esc(`profile: ${s.profile}\nartifacts: ${s.artifacts}\n${details}`)}</system-out>`;
    return `    <testcase classname="shieldlab.${esc(area ?? "")}" name="${esc(rest.join("/"))}" time="${s.seconds.toFixed(3)}">${props}${body}${out}</testcase>`;
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="shieldlab" tests="${r.scenarios.length}" failures="${failures}" errors="${errors}" time="${time.toFixed(3)}">`,
    `  <testsuite name="shieldlab run ${esc(r.runId)}" tests="${r.scenarios.length}" failures="${failures}" errors="${errors}" time="${time.toFixed(3)}" timestamp="${esc(r.startedAt)}">`,
    ...cases,
    `  </testsuite>`,
    `</testsuites>`,
    ``,
  ].join("\n");
}

/** "finding defended not bound: control failed: tenancy/x (spark=…,hadoop=…)" for a result whose finding is not bound; else undefined. */
export function unboundMessage(r: RunResults, s: ScenarioResult): string | undefined {
  const worst = unboundBy(s, r);
  if (!worst) return undefined;
  const which = bindControls(s, r)
    .filter((b) => b.state !== "passed")
    .map((b) => `${b.state === "not-run" ? "not run" : b.state}: ${b.name}${b.pair ? ` (${b.pair})` : ""}`);
  return `finding ${s.finding?.kind ?? "-"} not bound: control ${which.join("; control ")}`;
}

function firstBad(checks: RunResults["scenarios"][number]["checks"]): string | undefined {
  const c = checks.find((x) => x.valid !== true);
  return c ? `${c.name}: ${c.message}` : undefined;
}
