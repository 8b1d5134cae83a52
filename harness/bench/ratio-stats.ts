// Statistics for overhead benchmarks: the ratio of a profile's mean time to the baseline's, with a percentile
// bootstrap 95 % interval, and a seeded interleaved run order so drift spreads over every profile alike.
import { seededRandom } from "../util/seeded-random.ts";

export { seededRandom };

export const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** The middle value (the mean of the two middle ones for an even count). */
export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

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

/** Student's t quantile for a two-sided 95 % interval, df 1 … 30 (the standard table), beyond that 1.96 + 2.4/df
 * (within 0.003 of the exact value). */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];
export function t975(df: number): number {
  if (!(df >= 1)) throw new Error(`t975 needs df ≥ 1, got ${df}`);
  return df <= 30 ? T975[Math.floor(df) - 1]! : 1.96 + 2.4 / df;
}

/**
 * sum(samples) / sum(baseline) over paired rounds (index i of both ran in the same interleaved round), with a 95 %
 * interval that resamples whole rounds (drift between rounds then cancels instead of widening the interval): the
 * wider of a percentile bootstrap and Student's t on the rounds' log ratios. Over a few rounds a percentile bootstrap
 * is too narrow (with 3 rounds it cannot reach beyond the rounds' own ratios); the t interval is what keeps it honest.
 */
export function pairedRatio(samples: readonly number[], baseline: readonly number[], options: { iterations?: number; confidence?: number; seed?: number } = {}): RatioEstimate {
  if (samples.length === 0 || samples.length !== baseline.length) throw new Error(`pairedRatio needs as many samples as baseline samples (≥ 1), got ${samples.length} and ${baseline.length}`);
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
  let low = ratios[Math.floor(alpha * (iterations - 1))]!;
  let high = ratios[Math.ceil((1 - alpha) * (iterations - 1))]!;
  if (n >= 2 && (options.confidence ?? 0.95) === 0.95) {
    const logs = samples.map((x, i) => Math.log(x / baseline[i]!));
    const m = mean(logs);
    const sd = Math.sqrt(logs.reduce((a, x) => a + (x - m) ** 2, 0) / (n - 1));
    const half = (t975(n - 1) * sd) / Math.sqrt(n);
    low = Math.min(low, Math.exp(m - half));
    high = Math.max(high, Math.exp(m + half));
  }
  const ratio = samples.reduce((s, x) => s + x, 0) / baseline.reduce((s, x) => s + x, 0);
  return { ratio, low, high, relativeHalfWidth: (high - low) / 2 / ratio, n, baselineN: n };
}

/** Rounds still needed for the interval's relative half-width to reach `target`: it shrinks as t(n−1)/√n. */
export function extraRoundsFor(e: RatioEstimate, target: number): number | undefined {
  const n = Math.min(e.n, e.baselineN);
  if (n < 2 || !(e.relativeHalfWidth > 0)) return n < 2 ? undefined : 0;
  if (e.relativeHalfWidth <= target) return 0;
  const width = (m: number): number => (e.relativeHalfWidth * (t975(m - 1) / t975(n - 1))) / Math.sqrt(m / n);
  let m = n + 1;
  while (width(m) > target && m < n + 10_000) m++;
  return m - n;
}
