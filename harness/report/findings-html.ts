// The findings section of the HTML report: per area a table, each finding with its evidence and fix, its control below.
import { escapeHtml as esc } from "./html-escape.ts";
import { capturedSecretsOf, findingsByArea, findingsSummary, type ControlLine, type FindingEntry } from "./findings.ts";
import { EMULATED_NOTE } from "./findings-console.ts";
import type { RunResults } from "./results-model.ts";
import { resultId } from "./stability.ts";

/** Styles of the section (kinds and controls), for the report's <style>. */
export const FINDINGS_CSS = `
.findings td:first-child{white-space:nowrap;font-weight:bold}.findings tr.ctl td{background:#f6f8fa}.findings tr.ctl td:first-child{font-weight:normal;padding-left:1.5em}
.k-defended{color:#1a7f37}.k-vulnerable{color:#cf222e}.k-documented-weakness{color:#8250df}.k-control{color:#0969da}.k-baseline{color:#59636e}
.emulated{background:#fff8c5;border:1px solid #d4a72c;border-radius:3px;padding:0 .3em;font-size:.85em}
.s-not-shown,.s-unknown,.s-unbound,.s-no-result{color:#cf222e;text-decoration:underline dotted}.s-unknown,.s-no-result{color:#9a6700}`;

const VERDICT_COLOR = { pass: "#1a7f37", fail: "#cf222e", unknown: "#9a6700" } as const;

function row(e: FindingEntry, control: boolean): string {
  const cls = e.status === "shown" ? `k-${e.kind ?? "none"}` : `s-${e.status}`;
  const s = e.scenario;
  return `<tr${control ? ' class="ctl"' : ""}>
  <td class="${cls}">${control ? "↳ " : ""}${esc(e.label)}</td>
  <td><a href="#${esc(resultId(s))}">${esc(e.id)}</a></td>
  <td style="color:${VERDICT_COLOR[s.verdict]};font-weight:bold">${s.verdict.toUpperCase()}</td>
  <td>${e.emulated ? `<span class="emulated" title="${esc(EMULATED_NOTE)}">emulated CCA/IMA</span> ` : ""}${esc(e.evidence)}</td>
  <td>${e.fix ? esc(e.fix) : ""}</td>
</tr>`;
}

/** A control's row: its result's, or "control not run" when it has no row on the finding's pair. */
function controlRow(c: ControlLine): string {
  if (c.entry) return row(c.entry, true);
  return `<tr class="ctl">
  <td class="s-no-result">↳ control not run</td>
  <td>${esc(c.id)}</td>
  <td style="color:${VERDICT_COLOR.unknown};font-weight:bold">NO RESULT</td>
  <td>${esc(`no result${c.pair ? ` on ${c.pair}` : ""} in this run`)}</td>
  <td></td>
</tr>`;
}

/** <section id="findings">: the summary, then one table per area. */
export function renderFindingsHtml(r: RunResults): string {
  const areas = findingsByArea(r)
    .map((a) => {
      const rows = a.entries.flatMap((e) => [row(e, false), ...e.controls.map(controlRow)]).join("\n");
      return `<h3>${esc(a.area)}</h3>
<table class="findings"><thead><tr><th>finding</th><th>scenario</th><th>test</th><th>evidence</th><th>fix</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
    })
    .join("\n");
  return `<section id="findings"><h2>Findings</h2>
<p>${esc(findingsSummary(r))}. A finding holds only when its test passes and so does each control it names, in this run on the same version pair (else it reads "control failed", "control unknown" or "control not run" and the run fails); ↳ marks what it is compared with: its control, the same attack with the defence off (beside a weakness: with the defence on). The checks and their evidence follow below.</p>
${areas}
${capturesHtml(r)}
</section>`;
}

/** The captures that carry a generated secret (kind and hash prefix), or nothing when none does. */
function capturesHtml(r: RunResults): string {
  const carried = capturedSecretsOf(r);
  if (carried.length === 0) return "";
  const rows = carried.map((c) => `<tr><td>${esc(c.scenario)}</td><td>${esc(c.pcap)}</td><td>${esc(c.kind)}</td><td><code>sha256=${esc(c.sha256Prefix)}…</code></td><td>${c.count}</td></tr>`).join("\n");
  return `<h3>Captures that carry generated secrets</h3>
<p>Packet captures are kept as recorded (they are evidence); these hold a secret the harness generated, named by kind and sha256 prefix.</p>
<table class="findings"><thead><tr><th>scenario</th><th>capture</th><th>secret</th><th>hash</th><th>times</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}
