// The version matrix of a run as a grid: one row per scenario, one column per version pair, the verdict in each cell
// (repetitions collapsed: "PASS", or "UNSTABLE" with the counts). Shown only when more than one pair ran.
import { escapeHtml as esc } from "./html-escape.ts";
import { versionsLabel } from "./result-key.ts";
import type { RunResults, ScenarioResult, Verdict } from "./results-model.ts";
import { resultId } from "./stability.ts";

export interface GridCell {
  verdict: Verdict | "unstable";
  /** "PASS", "2/3 PASS" style text for repeats, "unstable: 1 PASS, 1 FAIL". */
  text: string;
  /** HTML id of the cell's first result row. */
  id: string;
}

export interface VersionGrid {
  /** Column labels ("spark=4.0.5,hadoop=3.4.3"), the default pair first. */
  pairs: string[];
  rows: { scenario: string; cells: Array<GridCell | undefined> }[];
}

/** The pair a result ran on, as a label: its versions, or the run's default spark and hadoop. */
export function pairColumn(s: Pick<ScenarioResult, "versions">, r: Pick<RunResults, "versions">): string {
  if (s.versions && Object.keys(s.versions).length > 0) return versionsLabel(s.versions);
  const d: Record<string, string> = {};
  for (const k of ["spark", "hadoop"]) if (r.versions[k] !== undefined) d[k] = r.versions[k]!;
  return versionsLabel(d);
}

/** The grid, or undefined when every result ran on one pair. */
export function versionGrid(r: RunResults): VersionGrid | undefined {
  const pairs: string[] = [];
  const byCell = new Map<string, ScenarioResult[]>();
  const names: string[] = [];
  for (const s of r.scenarios) {
    const col = pairColumn(s, r);
    if (!pairs.includes(col)) pairs.push(col);
    if (!names.includes(s.name)) names.push(s.name);
    const key = `${s.name}\u0000${col}`;
    byCell.set(key, [...(byCell.get(key) ?? []), s]);
  }
  if (pairs.length < 2) return undefined;
  const rows = names.map((scenario) => ({
    scenario,
    cells: pairs.map((col) => {
      const results = byCell.get(`${scenario}\u0000${col}`);
      return results ? cellOf(results) : undefined;
    }),
  }));
  return { pairs, rows };
}

function cellOf(results: ScenarioResult[]): GridCell {
  const counts = new Map<Verdict, number>();
  for (const s of results) counts.set(s.verdict, (counts.get(s.verdict) ?? 0) + 1);
  const id = resultId(results[0]!);
  if (counts.size === 1) {
    const v = results[0]!.verdict;
    return { verdict: v, text: results.length > 1 ? `${results.length}/${results.length} ${v.toUpperCase()}` : v.toUpperCase(), id };
  }
  return { verdict: "unstable", text: `unstable: ${[...counts].map(([v, n]) => `${n} ${v.toUpperCase()}`).join(", ")}`, id };
}

const COLOR: Record<GridCell["verdict"], string> = { pass: "#1a7f37", fail: "#cf222e", unknown: "#9a6700", unstable: "#cf222e" };

/** An HTML section with the grid; empty when only one pair ran. */
export function renderVersionGridHtml(r: RunResults): string {
  const g = versionGrid(r);
  if (!g) return "";
  const head = g.pairs.map((p) => `<th>${esc(p.replace(",", " "))}</th>`).join("");
  const rows = g.rows
    .map((row) => {
      const cells = row.cells
        .map((c) => (c ? `<td style="color:${COLOR[c.verdict]};font-weight:bold"><a href="#${esc(c.id)}" style="color:inherit">${esc(c.text)}</a></td>` : `<td class="none">—</td>`))
        .join("");
      return `<tr><td>${esc(row.scenario)}</td>${cells}</tr>`;
    })
    .join("\n");
  return `<h2>Version matrix</h2>
<p>Each scenario's verdict on each version pair it ran on (— : not run on that pair). Unknown is never a pass.</p>
<table class="version-grid"><thead><tr><th>scenario</th>${head}</tr></thead>
<tbody>
${rows}
</tbody></table>
`;
}
