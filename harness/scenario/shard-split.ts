// Splits a selection into N balanced parts for `run --shard I/N`: pure, deterministic whatever the input order.
// The unit that moves is a scenario with everything it must stay with: the scenarios sharing one of its clusters (a
// cluster group) and the controls its finding names (and their own). Units go to shards greedily, heaviest first (LPT),
// each to the lightest shard so far; ties break on the unit's first name and the lower shard index.
import { createHash } from "node:crypto";
import { HarnessError } from "../errors/harness-error.ts";

/** `--shard I/N`: the I-th (1-based) of N parts. */
export interface ShardSpec {
  index: number;
  count: number;
}

/** One selected scenario as the split sees it. */
export interface ShardItem {
  name: string;
  /** The clusters it runs on (version pair + cluster key, one per pair it runs on); none when it cannot run. */
  clusters: readonly string[];
  /** Scenario names its finding names as controls (names not among the items are ignored). */
  controls: readonly string[];
  /** What it costs to run: recorded seconds, or 1 per run without durations. */
  weight: number;
}

export interface ShardSplit {
  /** Scenario names per shard (shards[0] is shard 1), each in name order. */
  shards: string[][];
  /** Each shard's weight: its items' weights plus `clusterStart` per distinct cluster it starts. */
  weights: number[];
  /** sha256 prefix of the assignment: shards that disagree on it were split with other inputs (another --durations). */
  digest: string;
}

/** Most shards a split makes (a CI matrix of more jobs than this is a typo). */
export const MAX_SHARDS = 256;

const SHARD_HINT = "e.g. `npx shieldlab run --shard 1/2` on one machine and `--shard 2/2` on another; then `npx shieldlab merge <dir1> <dir2>`";

/** Parses `--shard I/N` (1 ≤ I ≤ N ≤ 256); anything else is INVALID_INPUT naming the value. */
export function parseShard(value: string): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  if (!m) throw new HarnessError("INVALID_INPUT", `--shard wants I/N (the I-th of N parts, e.g. 1/2), got ${JSON.stringify(value)}`, { hint: SHARD_HINT });
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS)
    throw new HarnessError("INVALID_INPUT", `--shard ${value}: N must be from 1 to ${MAX_SHARDS}, got ${count}`, { hint: SHARD_HINT });
  if (index < 1 || index > count)
    throw new HarnessError("INVALID_INPUT", `--shard ${value}: I must be from 1 to N (${count}), got ${index}; shards are numbered from 1`, { hint: SHARD_HINT });
  return { index, count };
}

/** Items that must run in one shard, by union over shared clusters and control links; each unit's names sorted. */
export function shardUnits(items: readonly ShardItem[]): string[][] {
  const names = [...new Set(items.map((i) => i.name))].sort();
  const parent = new Map(names.map((n) => [n, n]));
  const find = (n: string): string => {
    let r = n;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(n, r);
    return r;
  };
  const union = (a: string, b: string): void => {
    const [x, y] = [find(a), find(b)];
    // the smaller name is the root: the result does not depend on the order of unions
    if (x !== y) x < y ? parent.set(y, x) : parent.set(x, y);
  };
  const byCluster = new Map<string, string>();
  for (const it of [...items].sort((a, b) => cmp(a.name, b.name))) {
    for (const c of it.clusters) {
      const first = byCluster.get(c);
      if (first === undefined) byCluster.set(c, it.name);
      else union(first, it.name);
    }
    for (const c of it.controls) if (parent.has(c)) union(it.name, c);
  }
  const units = new Map<string, string[]>();
  for (const n of names) units.set(find(n), [...(units.get(find(n)) ?? []), n]);
  return [...units.values()];
}

/**
 * Splits items into `count` shards: units (see shardUnits) by LPT on their weight, the sum of their items' weights plus
 * `clusterStart` for each distinct cluster they start. Same items in any order → the same split.
 */
export function splitShards(items: readonly ShardItem[], count: number, clusterStart = 0): ShardSplit {
  if (!Number.isInteger(count) || count < 1) throw new HarnessError("INVALID_INPUT", `a shard split needs a whole number of shards ≥ 1, got ${count}`);
  const byName = new Map<string, ShardItem[]>();
  for (const it of items) byName.set(it.name, [...(byName.get(it.name) ?? []), it]);
  const units = shardUnits(items).map((names) => {
    const own = names.flatMap((n) => byName.get(n)!);
    const clusters = new Set(own.flatMap((i) => i.clusters));
    // summed in name order: the same floating-point total whatever order the items came in
    const weight = own.reduce((a, i) => a + i.weight, 0) + clusterStart * clusters.size;
    return { names, weight };
  });
  units.sort((a, b) => b.weight - a.weight || cmp(a.names[0]!, b.names[0]!));
  const shards: string[][] = Array.from({ length: count }, () => []);
  const weights = Array.from({ length: count }, () => 0);
  for (const u of units) {
    let best = 0;
    for (let i = 1; i < count; i++) if (weights[i]! < weights[best]!) best = i;
    shards[best]!.push(...u.names);
    weights[best]! += u.weight;
  }
  for (const s of shards) s.sort(cmp);
  return { shards, weights, digest: digestOf(shards) };
}

/** Longest shard / mean shard (1 = perfectly balanced); 1 for an empty split. */
export function imbalance(weights: readonly number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0) return 1;
  return Math.max(...weights) / (total / weights.length);
}

/** A short sha256 of a JSON value: the same value always gives the same digest. */
export function digestOf(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);
}

// code-point order, not locale order: the same on every machine
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
