// A posture audit's outputs: the console table (kube-bench style), JUnit XML (one testcase per check), an HTML
// section (in the run report when a run carries an audit, or on its own page) and JSON.
import Table from "cli-table3";
import pc from "picocolors";
import { countVerdicts, type AuditReport, type AuditVerdict } from "../audit/audit-result.ts";
import { colorEnabled } from "../util/terminal-color.ts";
import { escapeHtml as esc, escapeXml } from "./html-escape.ts";

const paint: Record<AuditVerdict, (s: string) => string> = { pass: pc.green, warn: pc.yellow, fail: pc.red, unknown: pc.magenta };
const HTML_COLOR: Record<AuditVerdict, string> = { pass: "#1a7f37", warn: "#9a6700", fail: "#cf222e", unknown: "#8250df" };

function summary(r: AuditReport): string {
  const c = countVerdicts(r);
  return `${c.pass} pass, ${c.warn} warn, ${c.fail} fail, ${c.unknown} unknown`;
}

function header(r: AuditReport): string {
  const i = r.clusterInfo;
  const facts = [i?.hadoopVersion && `Hadoop ${i.hadoopVersion}`, i?.sparkVersion && `Spark ${i.sparkVersion}`, i?.haState && `RM ${i.haState}`].filter(Boolean);
  return `posture audit of ${r.target}${facts.length ? ` (${facts.join(", ")})` : ""}, ${r.seconds.toFixed(1)} s`;
}

export function renderAuditConsole(r: AuditReport, color = colorEnabled(process.stdout)): string {
  const c = (v: AuditVerdict, s: string): string => (color ? paint[v](s) : s);
  const table = new Table({
    head: ["check", "verdict", "key = value", "why / fix"],
    style: { head: color ? ["cyan"] : [], border: color ? ["grey"] : [] },
    wordWrap: true,
    colWidths: [24, 9, 44, 60],
  });
  for (const x of r.results) {
    const more = [x.message, ...(x.verdict === "pass" ? [] : [`why: ${x.why}`, `fix: ${x.fix}`]), ...(x.scenario ? [`reproduce: shieldlab run ${x.scenario}`] : [])];
    table.push([`${x.id}\n${x.title}`, c(x.verdict, x.verdict.toUpperCase()), `${x.key}\n= ${x.value}\n(${x.where})${x.details ? `\n${x.details.join("\n")}` : ""}`, more.join("\n")]);
  }
  return `${header(r)}\n${table.toString()}\n${summary(r)}`;
}

const xesc = escapeXml;

/** FAIL → <failure>, UNKNOWN → <error>, WARN passes with its verdict as a property (kube-bench's WARN is advice). */
export function renderAuditJunit(r: AuditReport): string {
  const c = countVerdicts(r);
  const cases = r.results.map((x) => {
    const text = `${x.key} = ${x.value} (${x.where})\n${x.message}\nwhy: ${x.why}\nfix: ${x.fix}${x.scenario ? `\nreproduce: shieldlab run ${x.scenario}` : ""}${x.details ? `\n${x.details.join("\n")}` : ""}`;
    const body =
      x.verdict === "fail" ? `<failure message="${xesc(x.message)}">${xesc(text)}</failure>` : x.verdict === "unknown" ? `<error type="unknown" message="${xesc(x.message)}">${xesc(text)}</error>` : "";
    return `    <testcase classname="shieldlab.audit" name="${xesc(x.id)}"><properties><property name="verdict" value="${x.verdict}"/></properties>${body}<system-out>${xesc(text)}</system-out></testcase>`;
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="shieldlab audit" tests="${r.results.length}" failures="${c.fail}" errors="${c.unknown}" time="${r.seconds.toFixed(3)}">`,
    `  <testsuite name="posture audit of ${xesc(r.target)}" tests="${r.results.length}" failures="${c.fail}" errors="${c.unknown}" time="${r.seconds.toFixed(3)}" timestamp="${xesc(r.startedAt)}">`,
    ...cases,
    `  </testsuite>`,
    `</testsuites>`,
    ``,
  ].join("\n");
}

/** The "Security posture" section (a table of every check). */
export function renderAuditHtml(r: AuditReport): string {
  const rows = r.results
    .map(
      (x) => `<tr><td><b>${esc(x.id)}</b><br><small>${esc(x.title)}</small></td>
<td style="color:${HTML_COLOR[x.verdict]};font-weight:bold">${x.verdict.toUpperCase()}</td>
<td><code>${esc(x.key)}</code> = <code>${esc(x.value)}</code><br><small>${esc(x.where)}</small>${x.details ? `<details><summary>details</summary><pre>${esc(x.details.join("\n"))}</pre></details>` : ""}</td>
<td>${esc(x.message)}${x.verdict === "pass" ? "" : `<br><small>why: ${esc(x.why)}<br>fix: ${esc(x.fix)}</small>`}${x.scenario ? `<br><small>reproduce: <code>shieldlab run ${esc(x.scenario)}</code></small>` : ""}</td></tr>`,
    )
    .join("\n");
  return `<h2>Security posture</h2>
<p>${esc(header(r))} — ${esc(summary(r))}</p>
<table><thead><tr><th>check</th><th>verdict</th><th>key = value</th><th>what, why, fix</th></tr></thead>
<tbody>
${rows}
</tbody></table>
`;
}

/** A self-contained page holding only the audit. */
export function renderAuditPage(r: AuditReport): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>shieldlab audit ${esc(r.target)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;color:#1f2328}table{border-collapse:collapse;width:100%}td,th{border:1px solid #d0d7de;padding:6px;vertical-align:top;text-align:left}th{background:#f6f8fa}small{color:#59636e}pre{background:#f6f8fa;padding:6px}</style>
</head><body>
${renderAuditHtml(r)}</body></html>
`;
}
