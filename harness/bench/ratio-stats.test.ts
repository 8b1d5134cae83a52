import { describe, expect, it } from "vitest";
import { bootstrapRatio, interleavedSchedule, mean, median, seededRandom } from "./ratio-stats.ts";

describe("ratio statistics", () => {
  it("the seeded PRNG is reproducible and in [0, 1)", () => {
    const a = seededRandom(3);
    const b = seededRandom(3);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
  });

  it("interleaves: every round holds each profile once, orders differ between rounds", () => {
    const s = interleavedSchedule(["plain", "auth", "gcm", "tls"], 6, 11);
    expect(s).toHaveLength(6);
    for (const round of s) expect([...round].sort()).toEqual(["auth", "gcm", "plain", "tls"]);
    expect(new Set(s.map((r) => r.join())).size).toBeGreaterThan(1);
  });

  it("a ratio of identical groups is 1 with an interval around it; a 20 % slower group is ≈ 1.2", () => {
    const base = [10, 10.2, 9.9, 10.1, 10, 9.8, 10.2, 10.1];
    const same = bootstrapRatio(base, base);
    expect(same.ratio).toBe(1);
    expect(same.low).toBeLessThanOrEqual(1);
    expect(same.high).toBeGreaterThanOrEqual(1);
    const slower = bootstrapRatio(base.map((x) => x * 1.2), base);
    expect(slower.ratio).toBeCloseTo(1.2, 10);
    expect(slower.low).toBeGreaterThan(1.1);
    expect(slower.high).toBeLessThan(1.3);
    expect(slower.relativeHalfWidth).toBeLessThan(0.05);
  });

  it("noisy samples widen the interval", () => {
    const base = [10, 10, 10, 10, 10, 10];
    const quiet = bootstrapRatio([11, 11, 11, 11, 11, 11], base);
    const noisy = bootstrapRatio([6, 16, 8, 14, 9, 13], base);
    expect(noisy.relativeHalfWidth).toBeGreaterThan(quiet.relativeHalfWidth);
    expect(mean([6, 16, 8, 14, 9, 13])).toBe(11);
    expect(median([6, 16, 8, 14, 9, 13])).toBe(11);
    expect(median([30, 10, 20])).toBe(20);
  });

  it("refuses empty groups", () => {
    expect(() => bootstrapRatio([], [1])).toThrow(/at least one sample/);
  });
});

describe("paired ratio and rounds needed", () => {
  it("a paired bootstrap cancels drift shared by both groups of a round", async () => {
    const { pairedRatio } = await import("./ratio-stats.ts");
    const drift = [10, 14, 9, 16, 11, 13, 8, 15];
    const base = drift.map((d, i) => d + (i % 2) * 0.1);
    const slow = drift.map((d, i) => d * 1.1 + ((i + 1) % 2) * 0.1);
    const paired = pairedRatio(slow, base);
    const unpaired = bootstrapRatio(slow, base);
    expect(paired.ratio).toBeCloseTo(unpaired.ratio, 10);
    expect(paired.low).toBeGreaterThan(1.05);
    expect(paired.relativeHalfWidth).toBeLessThan(unpaired.relativeHalfWidth / 3);
    expect(() => pairedRatio([1, 2], [1])).toThrow(/as many/);
  });

  it("over 3 rounds the interval is Student's t on the log ratios, wider than what a percentile bootstrap can reach", async () => {
    const { pairedRatio, t975 } = await import("./ratio-stats.ts");
    // bench tpch 2026-12-07 16:44, io-enc against plain, per-round totals (s): ratios 1.189, 1.217, 1.159
    const io = [20.8, 23.8, 24.05];
    const plain = [17.5, 19.55, 20.75];
    const e = pairedRatio(io, plain);
    const ratios = io.map((x, i) => x / plain[i]!);
    expect(e.low).toBeLessThan(Math.min(...ratios) - 0.02);
    expect(e.high).toBeGreaterThan(Math.max(...ratios) + 0.02);
    expect(e.relativeHalfWidth).toBeGreaterThan(0.05);
    expect(t975(2)).toBe(4.303);
    expect(t975(120)).toBeCloseTo(1.98, 2);
  });

  it("extra rounds: a ±4 % interval from 5 rounds needs 8 more for ±2 % (t shrinks too, not only √n)", async () => {
    const { extraRoundsFor } = await import("./ratio-stats.ts");
    expect(extraRoundsFor({ ratio: 1.1, low: 1.056, high: 1.144, relativeHalfWidth: 0.04, n: 5, baselineN: 5 }, 0.02)).toBe(8);
    expect(extraRoundsFor({ ratio: 1.1, low: 1.09, high: 1.11, relativeHalfWidth: 0.009, n: 5, baselineN: 5 }, 0.02)).toBe(0);
    expect(extraRoundsFor({ ratio: 1.1, low: 1.1, high: 1.1, relativeHalfWidth: 0, n: 1, baselineN: 1 }, 0.02)).toBeUndefined();
  });
});
