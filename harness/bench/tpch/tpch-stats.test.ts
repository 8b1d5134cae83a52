import { describe, expect, it } from "vitest";
import { seededRandom } from "../ratio-stats.ts";
import { analyse, buildSchedule, estimateMinutes, extraSecondsPerGb, roundsForBudget, verdictOf, type TimingSample, type TpchPlan } from "./tpch-stats.ts";

const plan: TpchPlan = { mode: "sequential", profiles: ["plain", "auth-gcm", "io-enc"], baseline: "plain", queries: ["q3", "q9"], rounds: 8, warmupRounds: 1, itersPerApp: 1, warmupIters: 0, seed: 5, target: 0.02 };

/** Synthetic samples: each round has a shared drift; auth-gcm costs 10 % on q9 only, io-enc nothing. */
function synth(noise: number, rounds = plan.rounds): TimingSample[] {
  const rnd = seededRandom(9);
  const out: TimingSample[] = [];
  for (let r = -1; r < rounds; r++) {
    const drift = 1 + 0.2 * rnd();
    for (const profile of plan.profiles)
      for (const [query, ms] of [["q3", 4000], ["q9", 9000]] as const) {
        const cost = profile === "auth-gcm" && query === "q9" ? 1.1 : 1;
        out.push({ round: r, profile, query, ms: (r < 0 ? 3 : 1) * ms * drift * cost * (1 + noise * (rnd() - 0.5)), shuffleBytes: query === "q9" ? 2e8 : 5e7, spillBytes: 0 });
      }
  }
  return out;
}

describe("TPC-H plan", () => {
  it("warm-up rounds first, every round holds each profile once, orders vary and replay from the seed", () => {
    const s = buildSchedule(plan);
    expect(s).toHaveLength(27);
    expect(s.slice(0, 3).every((a) => a.warmup && a.round === -1)).toBe(true);
    for (let r = 0; r < 8; r++) expect(s.filter((a) => a.round === r).map((a) => a.profile).sort()).toEqual(["auth-gcm", "io-enc", "plain"]);
    expect(new Set(Array.from({ length: 8 }, (_, r) => s.filter((a) => a.round === r).map((a) => a.profile).join())).size).toBeGreaterThan(1);
    expect(buildSchedule(plan)).toEqual(s);
    expect(() => buildSchedule({ ...plan, baseline: "x" })).toThrow(/baseline x/);
  });

  it("budget: rounds that fit, never fewer than 2", () => {
    const o = { appStartMs: 20_000, queryMs: { q3: 4000, q9: 9000 } };
    expect(estimateMinutes(plan, o)).toBeCloseTo((27 * 33_000) / 60_000, 6);
    expect(roundsForBudget(plan, { ...o, budgetMinutes: 30 })).toBe(17);
    expect(roundsForBudget(plan, { ...o, budgetMinutes: 1 })).toBe(2);
  });
});

describe("TPC-H ratios", () => {
  it("finds the 10 % on q9 under auth-gcm, none under io-enc, and drops the 3× warm-up round", () => {
    const rows = analyse(synth(0.01), plan);
    const get = (p: string, q: string) => rows.find((r) => r.profile === p && r.query === q)!;
    expect(get("plain", "total").estimate.ratio).toBe(1);
    expect(get("auth-gcm", "q9").estimate.ratio).toBeCloseTo(1.1, 1);
    expect(get("auth-gcm", "q9").verdict.kind).toBe("slower");
    expect(get("auth-gcm", "q3").verdict.kind).toBe("no-difference");
    const io = get("io-enc", "total").estimate;
    expect(Math.abs(io.ratio - 1)).toBeLessThan(0.005);
    expect(io.relativeHalfWidth).toBeLessThan(0.02);
    const total = get("auth-gcm", "total");
    expect(total.estimate.ratio).toBeGreaterThan(1.05);
    expect(total.estimate.ratio).toBeLessThan(1.09);
    expect(total.estimate.n).toBe(8);
    expect(extraSecondsPerGb(total)).toBeGreaterThan(0);
  });

  it("noisy samples: too wide to conclude, with the extra rounds that would narrow it", () => {
    const rows = analyse(synth(0.4), plan);
    const v = rows.find((r) => r.profile === "auth-gcm" && r.query === "q3")!.verdict;
    expect(v.kind).toBe("too-wide");
    expect(v.kind === "too-wide" && v.extraRounds).toBeGreaterThan(0);
    expect(v.text).toMatch(/too wide to conclude: ±[\d.]+ %; ≈ \d+ more round\(s\) for ±2\.0 %/);
  });

  it("one round gives ratios but no interval; a round missing a query leaves the total out of that round", () => {
    expect(verdictOf(analyse(synth(0.01, 1), plan).find((r) => r.query === "total" && r.profile === "io-enc")!.estimate, 0.02).kind).toBe("no-interval");
    const gap = synth(0.01).filter((s) => !(s.profile === "io-enc" && s.query === "q3" && s.round === 2));
    const rows = analyse(gap, plan);
    expect(rows.find((r) => r.profile === "io-enc" && r.query === "total")!.estimate.n).toBe(7);
    expect(rows.find((r) => r.profile === "io-enc" && r.query === "q9")!.estimate.n).toBe(8);
  });
});

describe("bench tpch options", () => {
  it("--queries: numbers or qN, 'all', duplicates once; anything else refused with the flag named", async () => {
    const { parseQueries } = await import("./tpch-stats.ts");
    expect(parseQueries("3, q5,9,3")).toEqual(["q3", "q5", "q9"]);
    expect(parseQueries("all")).toHaveLength(22);
    expect(() => parseQueries("3,23")).toThrow(/--queries .*not a query: q23/);
    expect(() => parseQueries("")).toThrow(/--queries/);
  });
  it("--smoke: 2 queries, 1 round, no warm-up; sequential: shuffle-heavy subset, 2 untimed + 2 timed passes, 3 rounds", async () => {
    const { tpchPlan } = await import("./tpch-stats.ts");
    expect(tpchPlan({ smoke: true, profiles: ["plain", "auth-gcm"] })).toMatchObject({ mode: "side-by-side", queries: ["q3", "q9"], rounds: 1, warmupRounds: 0, baseline: "plain" });
    expect(tpchPlan({ mode: "sequential", profiles: ["plain"], reps: 10 })).toMatchObject({ queries: ["q3", "q5", "q18", "q21"], rounds: 10, warmupRounds: 0, itersPerApp: 2, warmupIters: 2 });
    expect(tpchPlan({ mode: "sequential", profiles: ["plain"], iters: 3, warmupRounds: 1 })).toMatchObject({ rounds: 3, warmupRounds: 1, itersPerApp: 3, warmupIters: 2 });
    const { estimateMinutes } = await import("./tpch-stats.ts");
    const p = tpchPlan({ mode: "sequential", profiles: ["plain", "auth", "auth-gcm", "tls-rpc", "io-enc"] });
    // measured 2026-12-07: ~12 s to executors + views, the cold pass ~37 s where a warm one is ~18 s (counted as +19 s of start)
    expect(estimateMinutes(p, { appStartMs: 31_000, queryMs: { q3: 2600, q5: 3800, q18: 5600, q21: 6400 } })).toBeCloseTo(26.1, 0);
    expect(() => tpchPlan({ profiles: ["plain"], reps: 0 })).toThrow(/--reps must be a whole number ≥ 1, got 0/);
  });
  it("side by side (the default): 14 rounds after 2 warm-up rounds, one run per query per profile per round, under 30 min for 4 profiles here", async () => {
    const { tpchPlan, estimateMinutes } = await import("./tpch-stats.ts");
    const p = tpchPlan({ profiles: ["plain", "auth-gcm", "tls-rpc", "io-enc"] });
    expect(p).toMatchObject({ mode: "side-by-side", rounds: 14, warmupRounds: 2, itersPerApp: 1, warmupIters: 0 });
    // warm passes ~19 s for the 4 queries; all four apps start at once in ~2 min
    expect(estimateMinutes(p, { appStartMs: 120_000, queryMs: { q3: 2600, q5: 3800, q18: 5600, q21: 6400 } })).toBeLessThan(24);
    expect(() => tpchPlan({ profiles: ["plain"], iters: 2 })).toThrow(/--iters 2: timed passes inside an app are the sequential mode's/);
  });
  it("buildTurns: every query under every profile once per round, each query's profiles in a seeded order, warm-up rounds first and negative", async () => {
    const { buildTurns } = await import("./tpch-stats.ts");
    const p: TpchPlan = { ...plan, mode: "side-by-side", rounds: 3, warmupRounds: 2 };
    const turns = buildTurns(p);
    expect(turns).toHaveLength(5 * 2 * 3);
    expect(turns.slice(0, 12).every((t) => t.warmup && t.round < 0)).toBe(true);
    expect(turns[0]!.round).toBe(-2);
    expect(turns.at(-1)!.round).toBe(2);
    for (let r = -2; r < 3; r++)
      for (const q of p.queries) expect(turns.filter((t) => t.round === r && t.query === q).map((t) => t.profile).sort()).toEqual([...p.profiles].sort());
    const orders = new Set(Array.from({ length: 10 }, (_, i) => turns.slice(i * 3, i * 3 + 3).map((t) => t.profile).join(",")));
    expect(orders.size).toBeGreaterThan(1);
    expect(buildTurns(p)).toEqual(turns);
  });
});
