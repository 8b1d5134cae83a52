// JUnit XML of a run: one testsuite, one testcase per scenario (and repetition: "name #2"); fail → <failure>, unknown → <error>.
import type { RunResults } from "./results-model.ts";
import { resultLabel } from "./stability.ts";

const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");

export function renderJunit(r: RunResults): string {
  const failures = r.scenarios.filter((s) => s.verdict === "fail").length;
  const errors = r.scenarios.filter((s) => s.verdict === "unknown").length;
  const time = r.scenarios.reduce((t, s) => t + s.seconds, 0);
  const cases = r.scenarios.map((s) => {
    const [area, ...rest] = resultLabel(s).split("/");
    const details = s.checks.map((c) => `${c.name} [${c.kind}]: ${String(c.valid)} — ${c.message}`).join("\n") + (s.error ? `\nerror: ${s.error}` : "");
    const body =
      s.verdict === "fail"
        ? `<failure message="${esc(firstBad(s.checks) ?? s.error ?? "failed")}">${esc(details)}</failure>`
        : s.verdict === "unknown"
          ? `<error type="unknown" message="${esc(s.error ?? firstBad(s.checks) ?? "the harness could not tell")}">${esc(details)}</error>`
          : "";
    const out = `<system-out>${esc(`profile: ${s.profile}\nartifacts: ${s.artifacts}\n${details}`)}</system-out>`;
    return `    <testcase classname="shieldlab.${esc(area ?? "")}" name="${esc(rest.join("/"))}" time="${s.seconds.toFixed(3)}">${body}${out}</testcase>`;
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

function firstBad(checks: RunResults["scenarios"][number]["checks"]): string | undefined {
  const c = checks.find((x) => x.valid !== true);
  return c ? `${c.name}: ${c.message}` : undefined;
}
