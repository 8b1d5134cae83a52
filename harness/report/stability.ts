// Stability across `run --repeat N`: per scenario, how its verdict held over its repetitions ("5/5 PASS" or "unstable: 3 PASS, 2 FAIL").
import { versionsLabel } from "./result-key.ts";
import type { RunResults, ScenarioResult, Verdict } from "./results-model.ts";

export interface ScenarioStability {
  /** The scenario's name, with " [spark=…,hadoop=…]" off the default pair. */
  name: string;
  /** HTML id of its first repetition's row. */
  id: string;
  runs: number;
  counts: Record<Verdict, number>;
  /** Every repetition gave the same verdict. */
  stable: boolean;
  label: string;
}

const ORDER: Verdict[] = ["pass", "fail", "unknown"];

const pairOfResult = (s: Pick<ScenarioResult, "versions">): string | undefined =>
  s.versions && Object.keys(s.versions).length > 0 ? versionsLabel(s.versions) : undefined;

/** The scenario's name, with " [spark=…,hadoop=…]" when it ran off the default pair and " #k" when it is one repetition of several. */
export function resultLabel(s: Pick<ScenarioResult, "name" | "repeat" | "versions">): string {
  const pair = pairOfResult(s);
  const base = pair ? `${s.name} [${pair}]` : s.name;
  return s.repeat === undefined ? base : `${base} #${s.repeat}`;
}

/** An HTML id for a result row: the name, with "@<pair>" off the default pair and "-r<k>" for a repetition. */
export function resultId(s: Pick<ScenarioResult, "name" | "repeat" | "versions">): string {
  const pair = pairOfResult(s);
  const base = pair ? `${s.name}@${pair}` : s.name;
  return s.repeat === undefined ? base : `${base}-r${s.repeat}`;
}

/** True when some scenario ran more than once (only then is stability worth reporting). */
export function isRepeated(r: RunResults): boolean {
  return r.scenarios.some((s) => s.repeat !== undefined && s.repeat > 1);
}

/** Per scenario and version pair (in first-run order), its verdict counts over the repetitions and whether they agree. */
export function stabilityOf(r: RunResults): ScenarioStability[] {
  const by = new Map<string, Record<Verdict, number>>();
  const ids = new Map<string, string>();
  for (const s of r.scenarios) {
    const key = resultLabel({ name: s.name, versions: s.versions });
    const counts = by.get(key) ?? { pass: 0, fail: 0, unknown: 0 };
    counts[s.verdict]++;
    by.set(key, counts);
    if (!ids.has(key)) ids.set(key, resultId({ ...s, repeat: s.repeat === undefined ? undefined : 1 }));
  }
  return [...by].map(([name, counts]) => {
    const runs = counts.pass + counts.fail + counts.unknown;
    const seen = ORDER.filter((v) => counts[v] > 0);
    const stable = seen.length === 1;
    const label = stable
      ? `${runs}/${runs} ${seen[0]!.toUpperCase()}`
      : `unstable: ${seen.map((v) => `${counts[v]} ${v.toUpperCase()}`).join(", ")}`;
    return { name, id: ids.get(name)!, runs, counts, stable, label };
  });
}

/** The scenarios whose verdict changed between repetitions: each one fails the run. */
export function unstableScenarios(r: RunResults): ScenarioStability[] {
  return stabilityOf(r).filter((s) => !s.stable);
}

/** Console lines: one per scenario with its stability, then a summary line. Empty when nothing was repeated. */
export function renderStabilityText(r: RunResults, paint: { red: (s: string) => string; green: (s: string) => string } = { red: (s) => s, green: (s) => s }): string {
  if (!isRepeated(r)) return "";
  const rows = stabilityOf(r);
  const width = Math.max(...rows.map((s) => s.name.length));
  const lines = rows.map((s) => `  ${s.name.padEnd(width)}  ${(s.stable ? paint.green : paint.red)(s.label)}`);
  const unstable = rows.filter((s) => !s.stable).length;
  return [`stability over repeats:`, ...lines, unstable > 0 ? paint.red(`${unstable} unstable scenario(s): the run fails`) : `all ${rows.length} scenario(s) stable`].join("\n");
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** An HTML section (heading + table) with each scenario's stability; empty when nothing was repeated. */
export function renderStabilityHtml(r: RunResults): string {
  if (!isRepeated(r)) return "";
  const rows = stabilityOf(r)
    .map((s) => `<tr><td><a href="#${esc(s.id)}">${esc(s.name)}</a></td><td style="color:${s.stable ? "#1a7f37" : "#cf222e"};font-weight:bold">${esc(s.label)}</td></tr>`)
    .join("\n");
  return `<h2>Stability over repeats</h2>
<p>A scenario whose verdict changes between repeats is unstable, and fails the run.</p>
<table class="stability"><thead><tr><th>scenario</th><th>verdicts</th></tr></thead>
<tbody>
${rows}
</tbody></table>
`;
}
