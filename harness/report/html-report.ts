// A self-contained HTML report of a run: the findings first, then each scenario's verdict, checks, evidence and artifacts.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { renderAuditHtml } from "./audit-report.ts";
import { FINDINGS_CSS, renderFindingsHtml } from "./findings-html.ts";
import { escapeHtml as esc } from "./html-escape.ts";
import { summarize, type RunResults, type ScenarioResult } from "./results-model.ts";
import { renderChangesHtml } from "./run-diff-html.ts";
import { renderStabilityHtml, resultId, resultLabel } from "./stability.ts";
import { renderVersionGridHtml } from "./version-grid.ts";
const COLOR = { pass: "#1a7f37", fail: "#cf222e", unknown: "#9a6700" } as const;

/** Files under a scenario's artifact folder, as relative links (at most `limit`). */
export function artifactLinks(runDir: string, scenario: ScenarioResult, limit = 60): string[] {
  const root = join(runDir, scenario.artifacts);
  const out: string[] = [];
  const walk = (d: string): void => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d).sort()) {
      if (out.length >= limit) return;
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(runDir, p));
    }
  };
  walk(root);
  return out;
}

export function renderHtmlReport(r: RunResults, runDir: string): string {
  const sum = summarize(r);
  const rows = r.scenarios
    .map((s) => {
      const checks = s.checks
        .map((c) => {
          const mark = c.valid === true ? "✓" : c.valid === false ? "✗" : "?";
          const ev = c.evidence ? `<details><summary>evidence</summary><pre>${esc(JSON.stringify(c.evidence, null, 2))}</pre></details>` : "";
          return `<li><b>${mark} ${esc(c.name)}</b> <code>${esc(c.kind)}</code> — ${esc(c.message)}${ev}</li>`;
        })
        .join("");
      const links = artifactLinks(runDir, s)
        .map((l) => `<a href="${esc(encodeURI(l))}">${esc(l.slice(s.artifacts.length + 1))}</a>`)
        .join(" · ");
      return `<tr id="${esc(resultId(s))}">
  <td><b>${esc(resultLabel(s))}</b><br><small>${esc(s.description)}</small></td>
  <td>${esc(s.profile)}</td>
  <td style="color:${COLOR[s.verdict]};font-weight:bold">${s.verdict.toUpperCase()}</td>
  <td>${s.seconds.toFixed(0)} s</td>
  <td><ul>${checks}</ul>${s.error ? `<p class="err">${esc(s.error)}</p>` : ""}<details><summary>artifacts</summary><p>${links || "none"}</p></details></td>
</tr>`;
    })
    .join("\n");
  const versions = Object.entries(r.versions).map(([k, v]) => `${esc(k)} ${esc(v)}`).join(" · ");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>shieldlab run ${esc(r.runId)}</title>
<style>
body{font:14px system-ui,sans-serif;margin:2em;color:#1f2328}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #d0d7de;padding:6px;vertical-align:top;text-align:left}
th{background:#f6f8fa}pre{max-height:24em;overflow:auto;background:#f6f8fa;padding:6px}ul{margin:0;padding-left:1.2em}
.err{color:#cf222e}small{color:#59636e}${FINDINGS_CSS}
</style></head><body>
<h1>shieldlab run ${esc(r.runId)}</h1>
<p>${esc(r.startedAt)} → ${esc(r.endedAt)}${r.interrupted ? " — <b>interrupted</b>" : ""}<br>${versions}</p>
<p><b style="color:${COLOR.pass}">${sum.pass} passed</b>, <b style="color:${COLOR.fail}">${sum.fail} failed</b>, <b style="color:${COLOR.unknown}">${sum.unknown} unknown</b>
— <a href="results.json">results.json</a> · <a href="junit.xml">junit.xml</a> · <a href="harness.log">harness.log</a></p>
${renderChangesHtml(r)}${renderFindingsHtml(r)}
${renderVersionGridHtml(r)}${renderStabilityHtml(r)}${r.audit ? renderAuditHtml(r.audit) : ""}<h2>Checks</h2>
<table><thead><tr><th>scenario</th><th>profile</th><th>verdict</th><th>time</th><th>checks and evidence</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<p><small>Container traffic crosses a local Docker bridge, not a real network. Unknown is never a pass.</small></p>
</body></html>
`;
}
