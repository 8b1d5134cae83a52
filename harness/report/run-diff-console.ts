// The console section of a run comparison: regressions first, then what became unknown, changed, was fixed, is new or gone.
import { colors } from "../util/terminal-color.ts";
import type { ChangeKind, RunChange, RunComparison } from "./results-model.ts";
import { isRegression } from "./run-diff.ts";

type Paint = "red" | "yellow" | "green" | "cyan" | "dim";

/** The groups in print order: which change kinds each holds, its heading, mark and colour. */
export const CHANGE_GROUPS: { kinds: ChangeKind[]; title: string; mark: string; paint: Paint }[] = [
  { kinds: ["regressed", "finding-regressed"], title: "REGRESSED", mark: "✗", paint: "red" },
  { kinds: ["unknown"], title: "NOW UNKNOWN", mark: "?", paint: "yellow" },
  { kinds: ["changed", "finding-changed"], title: "CHANGED", mark: "~", paint: "yellow" },
  { kinds: ["fixed", "finding-fixed"], title: "FIXED", mark: "✓", paint: "green" },
  { kinds: ["new"], title: "NEW", mark: "+", paint: "cyan" },
  { kinds: ["missing"], title: "NOT IN THIS RUN", mark: "-", paint: "dim" },
];

/** Groups listing more entries than this show the first ones and a count (a partial run misses most of a full baseline). */
const LONG_GROUP = 12;

/** "2 regressed, 1 fixed, 3 not in this run; 40 compared" (or "no changes; 40 compared"). */
export function comparisonSummary(c: RunComparison): string {
  const counts = CHANGE_GROUPS.map((g) => ({ title: g.title.toLowerCase(), n: c.changes.filter((x) => g.kinds.includes(x.kind)).length })).filter((x) => x.n > 0);
  return `${counts.map((x) => `${x.n} ${x.title}`).join(", ") || "no changes"}; ${c.compared} compared`;
}

/** The section under `heading` ("CHANGES SINCE BASELINE <run-id>") and `sources` (where the runs were read); colour only when `color`. */
export function renderChangesText(c: RunComparison, heading: string, color = false, sources: string[] = []): string {
  const pc = colors(color);
  const width = Math.min(48, Math.max(0, ...c.changes.map((x) => x.key.length)));
  const line = (x: RunChange, paint: (s: string) => string, mark: string): string => `  ${paint(mark)} ${x.key.padEnd(width)}  ${paint(x.message)}`;
  const out = [pc.bold(heading), ...sources.map((x) => `  ${pc.dim(x)}`), `  ${comparisonSummary(c)}`, ...c.notes.map((n) => `  ${pc.dim(n)}`)];
  for (const g of CHANGE_GROUPS) {
    const xs = c.changes.filter((x) => g.kinds.includes(x.kind));
    if (xs.length === 0) continue;
    const shown = xs.length > LONG_GROUP ? xs.slice(0, LONG_GROUP - 1) : xs;
    out.push(pc.bold(pc[g.paint](g.title)), ...shown.map((x) => line(x, pc[g.paint], g.mark)));
    if (shown.length < xs.length) out.push(`  … and ${xs.length - shown.length} more (all in results.json)`);
  }
  const regressions = c.changes.filter(isRegression).length;
  out.push(c.regressed ? pc.red(pc.bold(`${regressions} regression(s): exit 1`)) : pc.green("no regressions"));
  return out.join("\n");
}
