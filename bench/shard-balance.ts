// bench-shard-balance: how even `run --shard I/N` splits the default suite — longest shard / mean shard — for N = 2 and
// 4, split by cluster-group size and by the durations of an earlier run. Starts nothing: the selection is made exactly
// as `shieldlab run` makes it (the scenario files, the default suite with its controls, the default version pair).
// Usage: npx tsx bench/shard-balance.ts [path/to/results.json] [--shards 2,4] [selectors…]
//   with results.json: both splits are also costed in that run's seconds (each scenario's own, the mean scenario for
//   one it lacks and for each cluster start), the figure that predicts wall time; without it only the size split.
import { loadRunResults } from "../harness/report/results-loader.ts";
import type { RunResults } from "../harness/report/results-model.ts";
import { parseVersionFlags } from "../harness/cli/cli-options.ts";
import { loadManifest } from "../harness/images/manifest.ts";
import { loadScenarios, selectLoaded } from "../harness/scenario/scenario-loader.ts";
import { shardItems, type ShardPlanInput } from "../harness/scenario/shard-plan.ts";
import { imbalance, shardUnits, splitShards, type ShardItem } from "../harness/scenario/shard-split.ts";
import { selectionFor } from "../harness/scenario/version-runs.ts";

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  process.stdout.write("npx tsx bench/shard-balance.ts [results.json] [--shards 2,4] [selectors…]\n  imbalance (longest shard / mean) of the shard split of the default suite (or the selectors'), by size and by durations\n");
  process.exit(0);
}
const shardsAt = args.indexOf("--shards");
const counts = shardsAt >= 0 ? args[shardsAt + 1]!.split(",").map(Number) : [2, 4];
const rest = shardsAt >= 0 ? args.filter((_, i) => i !== shardsAt && i !== shardsAt + 1) : args;
const file = rest.find((a) => a.endsWith(".json") || a.endsWith("/"));
const selectors = rest.filter((a) => a !== file);

// the selection `shieldlab run [selectors]` makes, without flags
const manifest = loadManifest();
const loaded = await loadScenarios();
const picked = selectLoaded(loaded, selectors);
const versions = selectionFor(manifest, selectors, parseVersionFlags({}, manifest));
const durations: RunResults | undefined = file ? loadRunResults(file, "durations").results : undefined;
const input: ShardPlanInput = { picked, manifest, versions };

/** Each shard's cost under a cost model (items' weights + a cluster start per distinct cluster of the shard). */
function costOf(shards: string[][], items: readonly ShardItem[], clusterStart: number): number[] {
  const byName = new Map(items.map((i) => [i.name, i]));
  return shards.map((names) => {
    const own = names.map((n) => byName.get(n)!);
    return own.reduce((a, i) => a + i.weight, 0) + clusterStart * new Set(own.flatMap((i) => i.clusters)).size;
  });
}

const bySize = shardItems(input);
const bySeconds = durations ? shardItems({ ...input, durations }) : undefined;
const units = shardUnits(bySize.items);
const covered = durations ? picked.scenarios.filter((s) => durations.scenarios.some((r) => r.name === s.name && r.seconds > 0)).length : 0;
console.log(`selection: ${picked.scenarios.length} scenario(s) (${picked.brought.length} brought along as controls), ${units.length} unit(s) that move together; largest ${Math.max(...units.map((u) => u.length))} scenario(s)`);
if (durations && file) console.log(`durations: ${file} (${durations.runId}), ${covered} of ${picked.scenarios.length} scenarios recorded; mean scenario ${bySeconds!.clusterStart.toFixed(1)} s`);
console.log("");
console.log("| N | split by | imbalance (own weights) | imbalance (recorded seconds) | shards (scenarios; est. seconds) |");
console.log("|---|---|---|---|---|");
const f = (x: number): string => x.toFixed(2);
for (const n of counts) {
  for (const mode of ["size", "durations"] as const) {
    const model = mode === "size" ? bySize : bySeconds;
    if (!model) continue;
    const split = splitShards(model.items, n, model.clusterStart);
    const seconds = bySeconds ? costOf(split.shards, bySeconds.items, bySeconds.clusterStart) : undefined;
    const shape = split.shards.map((s, i) => `${s.length}${seconds ? `; ${Math.round(seconds[i]!)} s` : ""}`).join(" / ");
    console.log(`| ${n} | ${mode === "size" ? "cluster-group size" : "--durations"} | ${f(imbalance(split.weights))} | ${seconds ? f(imbalance(seconds)) : "-"} | ${shape} |`);
  }
}
