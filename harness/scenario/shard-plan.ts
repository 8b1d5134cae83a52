// Which part of a selection `run --shard I/N` runs: the selection's scenarios as split items (their clusters, their
// controls, their weight from a previous run's durations or one per run), the split, and what results.json records.
// Starts nothing: the same expansion and cluster keys the suite runner uses, computed up front.
import type { ManifestFile } from "../images/manifest.ts";
import { pairLabel } from "../images/version-pair.ts";
import { versionsLabel } from "../report/result-key.ts";
import { runPairOf } from "../report/finding-binding.ts";
import type { RunResults, ShardRecord } from "../report/results-model.ts";
import type { WithControls } from "./control-selection.ts";
import type { ScenarioLoadFailure } from "./scenario-loader.ts";
import type { Scenario } from "./scenario-schema.ts";
import { digestOf, splitShards, type ShardItem, type ShardSpec, type ShardSplit } from "./shard-split.ts";
import { clusterKey } from "./suite-runner.ts";
import { expandRuns, type VersionSelection } from "./version-runs.ts";

export interface ShardPlanInput {
  picked: Pick<WithControls, "scenarios" | "failures">;
  manifest: ManifestFile;
  versions?: VersionSelection;
  repeat?: number;
  /** A previous run's results: its per-scenario seconds weigh the split; absent = one per run (cluster-group size). */
  durations?: Pick<RunResults, "scenarios" | "versions">;
}

export interface ShardPlan {
  /** This shard's scenarios and load failures, in selection order. */
  scenarios: Scenario[];
  failures: ScenarioLoadFailure[];
  record: ShardRecord;
  split: ShardSplit;
}

/** Seconds per scenario and pair from a run's rows (repetitions averaged), with fallbacks for what it did not run. */
export function durationsOf(r: Pick<RunResults, "scenarios" | "versions">): { of: (name: string, pair: string) => number | undefined; mean: number } {
  const byPair = new Map<string, number[]>();
  const byName = new Map<string, number[]>();
  const all: number[] = [];
  for (const s of r.scenarios) {
    // a row that did not run (0 s: not run, cluster down) says nothing about how long the scenario takes
    if (!(s.seconds > 0)) continue;
    const k = `${s.name} ${versionsLabel(runPairOf(s, r.versions))}`;
    byPair.set(k, [...(byPair.get(k) ?? []), s.seconds]);
    byName.set(s.name, [...(byName.get(s.name) ?? []), s.seconds]);
    all.push(s.seconds);
  }
  const mean = (xs: readonly number[] | undefined): number | undefined => (xs && xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined);
  return { of: (name, pair) => mean(byPair.get(`${name} ${pair}`)) ?? mean(byName.get(name)), mean: mean(all) ?? 1 };
}

/**
 * The split items of a selection and the weight of one cluster start. Without durations each run weighs 1 and a
 * cluster start as much as one run; with them each run weighs its recorded seconds (the scenario's on another pair,
 * else the file's mean scenario when it has none) and a cluster start the mean scenario.
 */
export function shardItems(i: ShardPlanInput): { items: ShardItem[]; clusterStart: number } {
  const repeat = i.repeat ?? 1;
  const d = i.durations ? durationsOf(i.durations) : undefined;
  const { runs } = expandRuns(i.manifest, i.picked.scenarios, i.versions);
  const items = new Map<string, ShardItem & { clusters: string[] }>();
  for (const s of i.picked.scenarios) items.set(s.name, { name: s.name, clusters: [], controls: [s.finding?.control ?? []].flat(), weight: 0 });
  for (const r of runs) {
    const it = items.get(r.scenario.name)!;
    // a run its pair cannot run is an unknown row at once: no cluster, no time
    if (r.blocked) continue;
    it.clusters.push(`${pairLabel(r.pair)} ${clusterKey(r.scenario)}`);
    it.weight += (d ? (d.of(r.scenario.name, pairLabel(r.pair)) ?? d.mean) : 1) * repeat;
  }
  for (const f of i.picked.failures) if (!items.has(f.name)) items.set(f.name, { name: f.name, clusters: [], controls: [], weight: 0 });
  return { items: [...items.values()], clusterStart: d ? d.mean : 1 };
}

/** The selection's names in order (scenarios, then files that do not load) and a digest of what it runs where. */
export function selectionOf(i: ShardPlanInput): ShardRecord["selection"] {
  const names = [...i.picked.scenarios.map((s) => s.name), ...i.picked.failures.map((f) => f.name)];
  const { runs } = expandRuns(i.manifest, i.picked.scenarios, i.versions);
  const digest = digestOf({ names: [...names].sort(), runs: runs.map((r) => `${r.scenario.name} ${pairLabel(r.pair)}`).sort(), repeat: i.repeat ?? 1 });
  return { size: names.length, names, digest };
}

/** The part of the selection shard `spec` runs, and the record its results.json carries. */
export function planShard(i: ShardPlanInput, spec: ShardSpec): ShardPlan {
  const { items, clusterStart } = shardItems(i);
  const split = splitShards(items, spec.count, clusterStart);
  const mine = new Set(split.shards[spec.index - 1]);
  const scenarios = i.picked.scenarios.filter((s) => mine.has(s.name));
  const failures = i.picked.failures.filter((f) => mine.has(f.name));
  const record: ShardRecord = {
    index: spec.index,
    count: spec.count,
    scenarios: [...scenarios.map((s) => s.name), ...failures.map((f) => f.name)],
    selection: selectionOf(i),
    split: { digest: split.digest, weighting: i.durations ? "durations" : "cluster-size", weights: split.weights.map((w) => Math.round(w * 10) / 10) },
  };
  return { scenarios, failures, record, split };
}

/** "shard 1/2: 33 of 66 scenario(s), weight 35 of 66 (by cluster-group size)". */
export function describeShard(p: ShardPlan): string {
  const r = p.record;
  const total = r.split.weights.reduce((a, b) => a + b, 0);
  const unit = r.split.weighting === "durations" ? " s" : "";
  return `shard ${r.index}/${r.count}: ${r.scenarios.length} of ${r.selection.size} scenario(s), weight ${r.split.weights[r.index - 1]}${unit} of ${Math.round(total * 10) / 10}${unit} (by ${r.split.weighting === "durations" ? "recorded durations" : "cluster-group size"})`;
}
