// The "Changes since baseline" section of the HTML report: one row per change, regressions first.
import { escapeHtml as esc } from "./html-escape.ts";
import { CHANGE_GROUPS, comparisonSummary } from "./run-diff-console.ts";
import type { RunResults } from "./results-model.ts";

const COLOR = { red: "#cf222e", yellow: "#9a6700", green: "#1a7f37", cyan: "#0969da", dim: "#59636e" } as const;

/** <section id="baseline">, or "" when the run was not compared with a baseline. */
export function renderChangesHtml(r: RunResults): string {
  const b = r.baseline;
  if (!b) return "";
  const rows = CHANGE_GROUPS.flatMap((g) =>
    b.changes
      .filter((x) => g.kinds.includes(x.kind))
      .map((x) => `<tr><td style="color:${COLOR[g.paint]};font-weight:bold">${esc(g.title.toLowerCase())}</td><td>${esc(x.key)}</td><td>${esc(x.from)}</td><td>${esc(x.to)}</td><td>${esc(x.message)}</td></tr>`),
  ).join("\n");
  const verdict = b.regressed ? `<b style="color:${COLOR.red}">regressed</b>` : `<b style="color:${COLOR.green}">no regressions</b>`;
  const notes = b.notes.length ? `<br><small>${esc(b.notes.join("; "))}</small>` : "";
  return `<section id="baseline"><h2>Changes since baseline</h2>
<p>${verdict} since run <code>${esc(b.runId)}</code> (<code>${esc(b.from)}</code>): ${esc(comparisonSummary(b))}.${notes}</p>
${rows ? `<table class="changes"><thead><tr><th>change</th><th>scenario</th><th>baseline</th><th>this run</th><th>what</th></tr></thead>\n<tbody>\n${rows}\n</tbody></table>` : ""}
</section>
`;
}
