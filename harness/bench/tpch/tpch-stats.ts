// The TPC-H benchmark's plan and statistics: rounds of every profile in a seeded random order — side by side (one Spark
// app per profile, all up at once, taking turns one query at a time) or sequential (one app per profile per round) —
// warm-up rounds dropped, per-query and total ratios to the baseline with
// paired 95 % intervals (ratio-stats.ts pairedRatio), and what it would take to narrow an interval that is too wide to conclude.
import { HarnessError } from "../../errors/harness-error.ts";
import { extraRoundsFor, interleavedSchedule, mean, pairedRatio, type RatioEstimate } from "../ratio-stats.ts";

/**
 * "side-by-side": one app per profile for the whole run, all up at once; in each round every query runs under every
 * profile, one at a time, the profiles in a seeded order per query — a profile's run and the baseline's are seconds
 * apart, so the host's drift (minutes long here) hits both alike. "sequential": one app per profile per round, each
 * running the queries in passes; for more profiles than fit in memory at once.
 */
export type TpchMode = "side-by-side" | "sequential";

export interface TpchPlan {
  mode: TpchMode;
  profiles: string[];
  /** the profile every ratio divides by (the first of `profiles` unless named) */
  baseline: string;
  queries: string[];
  /** measured rounds */
  rounds: number;
  /** rounds run first and dropped (JIT, page cache, the cluster's first containers) */
  warmupRounds: number;
  /** sequential: timed passes over the queries inside each app; their mean is the round's sample (side by side: 1) */
  itersPerApp: number;
  /** sequential: untimed passes inside each app before the timed ones (side by side: 0, the warm-up rounds warm) */
  warmupIters: number;
  seed: number;
  /** relative half-width an interval must reach to conclude (0.02 = ±2 %) */
  target: number;
}

/** Shuffle-heavy queries first: joins and aggregations that move most bytes between executors at SF1. */
export const SHUFFLE_HEAVY_QUERIES = ["q9", "q18", "q21", "q5", "q3", "q13", "q7", "q8", "q10"] as const;
export const ALL_QUERIES = Array.from({ length: 22 }, (_, i) => `q${i + 1}`);

export interface PlannedApp {
  round: number;
  warmup: boolean;
  profile: string;
}

/** Every app of the run, in run order: warm-up rounds first, each round's profiles in its own seeded order. */
export function buildSchedule(p: TpchPlan): PlannedApp[] {
  if (!p.profiles.includes(p.baseline)) throw new Error(`baseline ${p.baseline} is not among the profiles (${p.profiles.join(", ")})`);
  return interleavedSchedule(p.profiles, p.warmupRounds + p.rounds, p.seed).flatMap((order, r) => order.map((profile) => ({ round: r - p.warmupRounds, warmup: r < p.warmupRounds, profile })));
}

/** One query run under one profile, side by side: round < 0 is a warm-up round. */
export interface Turn {
  round: number;
  warmup: boolean;
  profile: string;
  query: string;
}

/** Every turn of a side-by-side run, in run order: round by round, each query under every profile in its own seeded order. */
export function buildTurns(p: TpchPlan): Turn[] {
  if (!p.profiles.includes(p.baseline)) throw new Error(`baseline ${p.baseline} is not among the profiles (${p.profiles.join(", ")})`);
  const rounds = p.warmupRounds + p.rounds;
  const orders = interleavedSchedule(p.profiles, rounds * p.queries.length, p.seed);
  const turns: Turn[] = [];
  for (let r = 0; r < rounds; r++)
    for (const [qi, query] of p.queries.entries())
      for (const profile of orders[r * p.queries.length + qi]!) turns.push({ round: r - p.warmupRounds, warmup: r < p.warmupRounds, profile, query });
  return turns;
}

/** One query's timed result in one app (the mean over the app's timed iterations). */
export interface TimingSample {
  round: number;
  profile: string;
  query: string;
  ms: number;
  shuffleBytes: number;
  spillBytes: number;
  /** the answer matched (reference or baseline); a mismatched answer is a finding, its time is still kept */
  answerOk?: boolean;
}

export type Verdict = { kind: "slower" | "faster" | "no-difference"; text: string } | { kind: "too-wide" | "no-interval"; text: string; extraRounds?: number };

export interface RatioRow {
  profile: string;
  /** "total" for the sum over the queries */
  query: string;
  estimate: RatioEstimate;
  meanMs: number;
  baselineMeanMs: number;
  meanShuffleBytes: number;
  verdict: Verdict;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

export function verdictOf(e: RatioEstimate, target: number): Verdict {
  if (Math.min(e.n, e.baselineN) < 2) return { kind: "no-interval", text: `no interval (n=${Math.min(e.n, e.baselineN)})` };
  if (e.relativeHalfWidth > target) {
    const extra = extraRoundsFor(e, target);
    return { kind: "too-wide", text: `too wide to conclude: ±${pct(e.relativeHalfWidth)}; ≈ ${extra} more round(s) for ±${pct(target)}`, extraRounds: extra };
  }
  if (e.low > 1) return { kind: "slower", text: `slower by ${pct(e.ratio - 1)} (±${pct(e.relativeHalfWidth)})` };
  if (e.high < 1) return { kind: "faster", text: `faster by ${pct(1 - e.ratio)} (±${pct(e.relativeHalfWidth)})` };
  return { kind: "no-difference", text: `no difference beyond ±${pct(e.relativeHalfWidth)}` };
}

/** Per-query and total ratios of every profile to the baseline, paired by round; warm-up rounds never count. */
export function analyse(samples: readonly TimingSample[], p: Pick<TpchPlan, "profiles" | "baseline" | "queries" | "target">): RatioRow[] {
  const measured = samples.filter((s) => s.round >= 0);
  const at = new Map(measured.map((s) => [`${s.profile}\0${s.query}\0${s.round}`, s]));
  const rounds = [...new Set(measured.map((s) => s.round))].sort((a, b) => a - b);
  const rows: RatioRow[] = [];
  for (const profile of p.profiles) {
    // a round counts for the total only when it has every query under both the profile and the baseline
    const complete = rounds.filter((r) => p.queries.every((q) => at.has(`${profile}\0${q}\0${r}`) && at.has(`${p.baseline}\0${q}\0${r}`)));
    const row = (query: string, rs: number[], pick: (prof: string, r: number) => TimingSample[]): void => {
      if (rs.length === 0) return;
      const sum = (prof: string, r: number, f: (s: TimingSample) => number): number => pick(prof, r).reduce((a, s) => a + f(s), 0);
      const mine = rs.map((r) => sum(profile, r, (s) => s.ms));
      const base = rs.map((r) => sum(p.baseline, r, (s) => s.ms));
      const estimate = pairedRatio(mine, base);
      rows.push({ profile, query, estimate, meanMs: mean(mine), baselineMeanMs: mean(base), meanShuffleBytes: mean(rs.map((r) => sum(profile, r, (s) => s.shuffleBytes))), verdict: verdictOf(estimate, p.target) });
    };
    for (const q of p.queries) {
      const rs = rounds.filter((r) => at.has(`${profile}\0${q}\0${r}`) && at.has(`${p.baseline}\0${q}\0${r}`));
      row(q, rs, (prof, r) => [at.get(`${prof}\0${q}\0${r}`)!]);
    }
    row("total", complete, (prof, r) => p.queries.map((q) => at.get(`${prof}\0${q}\0${r}`)!));
  }
  return rows;
}

/** Extra seconds per GB shuffled: (profile − baseline) mean total time over the profile's mean bytes shuffled. */
export function extraSecondsPerGb(total: RatioRow): number | undefined {
  if (total.meanShuffleBytes <= 0) return undefined;
  return (total.meanMs - total.baselineMeanMs) / 1000 / (total.meanShuffleBytes / 1e9);
}

/** Minutes a plan takes — sequential: apps × (start-up + passes × the queries' time under the baseline); side by side:
 * one start-up + rounds × profiles × a pass — for choosing rounds. */
export function estimateMinutes(p: TpchPlan, o: { appStartMs: number; queryMs: Record<string, number> }): number {
  const pass = p.queries.reduce((s, q) => s + (o.queryMs[q] ?? 0), 0);
  if (p.mode === "side-by-side") return (o.appStartMs + (p.rounds + p.warmupRounds) * p.profiles.length * pass) / 60_000;
  const apps = p.profiles.length * (p.rounds + p.warmupRounds);
  return (apps * (o.appStartMs + pass * (p.itersPerApp + p.warmupIters))) / 60_000;
}

/** The most measured rounds that fit the budget (at least 2, so an interval exists). */
export function roundsForBudget(p: Omit<TpchPlan, "rounds">, o: { appStartMs: number; queryMs: Record<string, number>; budgetMinutes: number }): number {
  const perRound = estimateMinutes({ ...p, rounds: 1, warmupRounds: 0 }, o);
  const warm = estimateMinutes({ ...p, rounds: 0 }, o);
  return Math.max(2, Math.floor((o.budgetMinutes - warm) / perRound));
}

/**
 * The default subset: most bytes shuffled per second of query. Spark 4.0.5 local[2] at SF1 (timed pass after a warm-up
 * pass): q3 2.8 s / 42 MB shuffled, q5 7.0 s / 107 MB, q9 9.0 s / 45 MB, q18 10.3 s / 92 MB, q21 9.8 s / 120 MB
 * (+36 MB spilled) — q9 moves the least per second and is left out.
 */
export const DEFAULT_QUERIES = ["q3", "q5", "q18", "q21"] as const;
export const SMOKE_QUERIES = ["q3", "q9"] as const;

/** "3,5,q9" | "all" → ["q3", "q5", "q9"]; anything else is refused naming the flag. */
export function parseQueries(spec: string): string[] {
  if (spec.trim() === "all") return [...ALL_QUERIES];
  const out = spec.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean).map((s) => (s.startsWith("q") ? s : `q${s}`));
  const bad = out.filter((q) => !ALL_QUERIES.includes(q));
  if (out.length === 0 || bad.length) throw new HarnessError("INVALID_INPUT", `--queries must be "all" or TPC-H query numbers 1–22 separated by commas (e.g. 3,5,9), got ${JSON.stringify(spec)}${bad.length ? ` (not a query: ${bad.join(", ")})` : ""}`);
  return [...new Set(out)];
}

/** The plan of `bench tpch`: --smoke is SF 0.01's 2 queries, 1 round, no warm-up (checks answers and the machinery). */
export function tpchPlan(o: { mode?: TpchMode; smoke?: boolean; profiles: string[]; baseline?: string; queries?: string[]; reps?: number; iters?: number; warmupRounds?: number; seed?: number; target?: number }): TpchPlan {
  if (o.reps !== undefined && !(Number.isInteger(o.reps) && o.reps >= 1)) throw new HarnessError("INVALID_INPUT", `--reps must be a whole number ≥ 1, got ${o.reps}`);
  const mode = o.mode ?? "side-by-side";
  if (mode === "side-by-side" && o.iters !== undefined && o.iters !== 1)
    throw new HarnessError("INVALID_INPUT", `--iters ${o.iters}: timed passes inside an app are the sequential mode's; side by side, every round runs each query once per profile`, { hint: "add --sequential, or use --reps for more rounds" });
  const common = { mode, profiles: o.profiles, baseline: o.baseline ?? o.profiles[0]!, seed: o.seed ?? 1, target: o.target ?? 0.02 };
  if (o.smoke) return { ...common, queries: o.queries ?? [...SMOKE_QUERIES], rounds: o.reps ?? 1, warmupRounds: o.warmupRounds ?? 0, itersPerApp: o.iters ?? 1, warmupIters: 0 };
  if (mode === "side-by-side")
    // Side by side, measured 2026-12-07 (docs/performance.md): 3 warm-up + 12 rounds of 4 profiles took 24m55s (warm-up
    // rounds 215, 109, 95 s; measured rounds ~77 s); 2 warm-up + 14 rounds ≈ 26 min, the most that stays under 30 here.
    return { ...common, queries: o.queries ?? [...DEFAULT_QUERIES], rounds: o.reps ?? 14, warmupRounds: o.warmupRounds ?? 2, itersPerApp: 1, warmupIters: 0 };
  // Measured 2026-12-07 (docs/tpch-2026-12-07.md): after one untimed pass the first timed pass is still ~15 % slower
  // than the next ones (JIT), and that pass carried most of the app-to-app noise; the passes after it agree within
  // ~1 %, and a dropped warm-up round was no different from the measured ones. So: two untimed passes, two timed,
  // no warm-up round, three rounds (5 profiles ≈ 29 min here).
  return { ...common, queries: o.queries ?? [...DEFAULT_QUERIES], rounds: o.reps ?? 3, warmupRounds: o.warmupRounds ?? 0, itersPerApp: o.iters ?? 2, warmupIters: 2 };
}
