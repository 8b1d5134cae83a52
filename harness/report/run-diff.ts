// Compares two runs entry by entry (scenario × version pair, repetitions collapsed): what regressed, what was fixed, what is new or gone.
import { comparisonKey, pairOf } from "./result-key.ts";
import type { LoadedResults } from "./results-loader.ts";
import { CHANGE_KINDS, type BaselineSection, type ChangeKind, type ComparedVerdict, type FindingKind, type RunChange, type RunComparison, type RunResults, type Verdict } from "./results-model.ts";

/** One compared entry: a scenario on one version pair, its repetitions collapsed into one verdict. */
export interface DiffEntry {
  key: string;
  name: string;
  versions?: Record<string, string>;
  verdict: ComparedVerdict;
  counts: Record<Verdict, number>;
  /** "pass", or over repetitions "5/5 pass" / "unstable: 3 pass, 2 fail". */
  label: string;
  finding?: FindingKind;
}

const ORDER: Verdict[] = ["pass", "fail", "unknown"];
const WEAK: (FindingKind | undefined)[] = ["vulnerable", "documented-weakness"];

/** The run's entries in run order, keyed by scenario × version pair; repetitions add up into one entry. */
export function entriesOf(r: RunResults): Map<string, DiffEntry> {
  const out = new Map<string, DiffEntry>();
  for (const s of r.scenarios) {
    const key = comparisonKey(s, r.versions);
    const pair = pairOf(s, r.versions);
    const e = out.get(key) ?? { key, name: s.name, ...(pair ? { versions: pair } : {}), verdict: s.verdict, counts: { pass: 0, fail: 0, unknown: 0 }, label: "", finding: s.finding?.kind };
    e.counts[s.verdict]++;
    out.set(key, e);
  }
  for (const e of out.values()) {
    const runs = e.counts.pass + e.counts.fail + e.counts.unknown;
    const seen = ORDER.filter((v) => e.counts[v] > 0);
    e.verdict = seen.length === 1 ? seen[0]! : "unstable";
    e.label = runs === 1 ? e.verdict : seen.length === 1 ? `${runs}/${runs} ${e.verdict}` : `unstable: ${seen.map((v) => `${e.counts[v]} ${v}`).join(", ")}`;
  }
  return out;
}

/** How the verdict changed, or undefined when it did not (the number of repetitions alone is no change). */
export function verdictChange(b: DiffEntry, c: DiffEntry): ChangeKind | undefined {
  if (b.verdict === c.verdict) return undefined;
  if (b.verdict === "pass" && c.counts.fail > 0) return "regressed";
  if (c.verdict === "pass") return "fixed";
  if (c.verdict === "unknown" || (c.verdict === "unstable" && c.counts.fail === 0)) return "unknown";
  return "changed";
}

/** How the stated finding changed: defended → vulnerable or documented weakness regresses, the reverse is fixed. */
export function findingChange(b: FindingKind | undefined, c: FindingKind | undefined): ChangeKind | undefined {
  if (b === c) return undefined;
  if (b === "defended" && WEAK.includes(c)) return "finding-regressed";
  if (WEAK.includes(b) && c === "defended") return "finding-fixed";
  return "finding-changed";
}

const change = (kind: ChangeKind, e: DiffEntry, from: string, to: string, message: string): RunChange => ({
  kind,
  key: e.key,
  name: e.name,
  ...(e.versions ? { versions: e.versions } : {}),
  from,
  to,
  message,
});

/** Every change from `baseline` to `current`, the worst kinds first (regressions), each kind in run order. */
export function diffRuns(baseline: RunResults, current: RunResults): RunComparison {
  const before = entriesOf(baseline);
  const after = entriesOf(current);
  const changes: RunChange[] = [];
  let compared = 0;
  for (const c of after.values()) {
    const b = before.get(c.key);
    if (!b) {
      changes.push(change("new", c, "-", c.label, `new: ${c.label}`));
      continue;
    }
    compared++;
    const v = verdictChange(b, c);
    if (v) changes.push(change(v, c, b.label, c.label, `${b.label} → ${c.label}`));
    const f = findingChange(b.finding, c.finding);
    if (f) changes.push(change(f, c, b.finding ?? "-", c.finding ?? "-", `finding ${b.finding ?? "none"} → ${c.finding ?? "none"}`));
  }
  for (const b of before.values()) if (!after.has(b.key)) changes.push(change("missing", b, b.label, "-", `not in this run (was ${b.label})`));
  changes.sort((x, y) => CHANGE_KINDS.indexOf(x.kind) - CHANGE_KINDS.indexOf(y.kind));
  const notes = ["spark", "hadoop"]
    .filter((k) => baseline.versions[k] !== current.versions[k])
    .map((k) => `default ${k} ${baseline.versions[k] ?? "-"} → ${current.versions[k] ?? "-"}`);
  return { changes, regressed: changes.some(isRegression), compared, notes };
}

/** True for a change that fails the comparison (exit 1). */
export function isRegression(c: Pick<RunChange, "kind">): boolean {
  return c.kind === "regressed" || c.kind === "finding-regressed";
}

/** The `baseline` section of this run's results: the comparison with the loaded baseline, and where it came from. */
export function baselineSection(baseline: LoadedResults, current: RunResults): BaselineSection {
  return { from: baseline.file, runId: baseline.results.runId, ...diffRuns(baseline.results, current) };
}
