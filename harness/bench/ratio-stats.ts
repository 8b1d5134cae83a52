// Statistics for overhead benchmarks: the ratio of a profile's mean time to the baseline's, with a percentile
// bootstrap 95 % interval, and a seeded interleaved run order so drift spreads over every profile alike.
import { seededRandom } from "../util/seeded-random.ts";

export { seededRandom };

export const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Rounds of all profiles, each round in its own shuffled order. */
export function interleavedSchedule<T>(profiles: readonly T[], rounds: number, seed = 1): T[][] {
  const rnd = seededRandom(seed);
  return Array.from({ length: rounds }, () => {
    const order = [...profiles];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    return order;
  });
}

export interface RatioEstimate {
  ratio: number;
  low: number;
  high: number;
  /** (high − low) / 2 / ratio: the interval's half-width relative to the ratio. */
  relativeHalfWidth: number;
  n: number;
  baselineN: number;
}

/** mean(samples) / mean(baseline), with a percentile bootstrap interval (resampling both groups). */
export function bootstrapRatio(samples: readonly number[], baseline: readonly number[], options: { iterations?: number; confidence?: number; seed?: number } = {}): RatioEstimate {
  if (samples.length === 0 || baseline.length === 0) throw new Error("bootstrapRatio needs at least one sample in each group");
  const iterations = options.iterations ?? 10_000;
  const confidence = options.confidence ?? 0.95;
  const rnd = seededRandom(options.seed ?? 7);
  const resampleMean = (xs: readonly number[]): number => {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += xs[Math.floor(rnd() * xs.length)]!;
    return s / xs.length;
  };
  const ratios = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) ratios[i] = resampleMean(samples) / resampleMean(baseline);
  ratios.sort();
  const alpha = (1 - confidence) / 2;
  const low = ratios[Math.floor(alpha * (iterations - 1))]!;
  const high = ratios[Math.ceil((1 - alpha) * (iterations - 1))]!;
  const ratio = mean(samples) / mean(baseline);
  return { ratio, low, high, relativeHalfWidth: (high - low) / 2 / ratio, n: samples.length, baselineN: baseline.length };
}

/**
 * sum(samples) / sum(baseline) over paired rounds (index i of both ran in the same interleaved round), with a
 * percentile bootstrap that resamples whole rounds: drift between rounds then cancels instead of widening the interval.
 */
export function pairedBootstrapRatio(samples: readonly number[], baseline: readonly number[], options: { iterations?: number; confidence?: number; seed?: number } = {}): RatioEstimate {
  if (samples.length === 0 || samples.length !== baseline.length) throw new Error(`pairedBootstrapRatio needs as many samples as baseline samples (≥ 1), got ${samples.length} and ${baseline.length}`);
  const iterations = options.iterations ?? 10_000;
  const alpha = (1 - (options.confidence ?? 0.95)) / 2;
  const rnd = seededRandom(options.seed ?? 7);
  const n = samples.length;
  const ratios = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    let s = 0;
    let b = 0;
    for (let k = 0; k < n; k++) {
      const j = Math.floor(rnd() * n);
      s += samples[j]!;
      b += baseline[j]!;
    }
    ratios[i] = s / b;
  }
  ratios.sort();
  const low = ratios[Math.floor(alpha * (iterations - 1))]!;
  const high = ratios[Math.ceil((1 - alpha) * (iterations - 1))]!;
  const ratio = samples.reduce((s, x) => s + x, 0) / baseline.reduce((s, x) => s + x, 0);
  return { ratio, low, high, relativeHalfWidth: (high - low) / 2 / ratio, n, baselineN: n };
}

/** Rounds still needed for the interval's relative half-width to reach `target`, assuming it shrinks as 1/√n. */
export function extraRoundsFor(e: RatioEstimate, target: number): number | undefined {
  const n = Math.min(e.n, e.baselineN);
  if (n < 2 || !(e.relativeHalfWidth > 0)) return n < 2 ? undefined : 0;
  return Math.max(0, Math.ceil(n * (e.relativeHalfWidth / target) ** 2) - n);
}
