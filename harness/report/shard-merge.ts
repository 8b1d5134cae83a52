// Joins the results of the shards of one split (`run --shard I/N`, I = 1…N) into one run: every row of every shard, in
// selection order; findings are bound over the union (finding-binding reads the merged rows). Shards that are not one
// complete, consistent split are refused with every problem listed.
import { z } from "zod";
import { HarnessError } from "../errors/harness-error.ts";
import { formatZodError } from "../util/zod-format.ts";
import type { RunResults, ScenarioResult, ShardRecord } from "./results-model.ts";

/** One shard's run as read from its folder. */
export interface ShardRun {
  /** The folder its results.json was read from (as the user named it). */
  dir: string;
  results: RunResults;
}

// what merge reads of a shard record; a hand-edited or truncated one is a problem listed with the others, not a crash
const shardRecordSchema = z.looseObject({
  index: z.number().int().positive(),
  count: z.number().int().positive(),
  scenarios: z.array(z.string()),
  selection: z.looseObject({ size: z.number().int().nonnegative(), names: z.array(z.string()), digest: z.string() }),
  split: z.looseObject({ digest: z.string(), weighting: z.string(), weights: z.array(z.number()) }),
});

const MERGE_HINT = "pass the artifact folders of every shard of one split (`run --shard 1/N` … `--shard N/N`, same selection, flags and --durations file), e.g. `npx shieldlab merge shard-1/ shard-2/`";

/** Everything that keeps `shards` from being one complete split; empty when they are. */
export function shardProblems(shards: readonly ShardRun[]): string[] {
  const problems: string[] = [];
  const withRecord: Array<ShardRun & { shard: ShardRecord }> = [];
  for (const s of shards) {
    const parsed = s.results.shard === undefined ? undefined : shardRecordSchema.safeParse(s.results.shard);
    if (parsed?.success) withRecord.push({ ...s, shard: s.results.shard! });
    else if (parsed) problems.push(`${s.dir}: its "shard" record is not one shieldlab wrote: ${formatZodError(parsed.error)}`);
    else problems.push(`${s.dir}: not a shard (its results.json records no "shard": it was run without --shard I/N)`);
  }
  if (withRecord.length === 0) return problems;
  const label = (s: ShardRun & { shard: ShardRecord }): string => `${s.dir} (${s.shard.index}/${s.shard.count})`;
  const distinct = <T>(f: (s: (typeof withRecord)[number]) => T): T[] => [...new Set(withRecord.map(f))];
  const counts = distinct((s) => s.shard.count);
  if (counts.length > 1) problems.push(`the shards are parts of different splits: N is ${counts.join(" and ")} (${withRecord.map(label).join(", ")})`);
  const selections = distinct((s) => s.shard.selection.digest);
  if (selections.length > 1)
    problems.push(
      `the shards ran different selections (scenarios, --spark/--hadoop/--matrix or --repeat): ${selections
        .map((d) => `${withRecord.filter((s) => s.shard.selection.digest === d).map(label).join(", ")} (${withRecord.find((s) => s.shard.selection.digest === d)!.shard.selection.size} scenarios)`)
        .join(" vs ")}`,
    );
  else if (distinct((s) => s.shard.split.digest).length > 1)
    problems.push(`the shards split the same selection differently (one used another --durations file, or none): ${withRecord.map((s) => `${label(s)} by ${s.shard.split.weighting}`).join(", ")}`);
  const pairs = distinct((s) => `spark ${s.results.versions.spark}, hadoop ${s.results.versions.hadoop}`);
  if (pairs.length > 1) problems.push(`the shards ran on different default versions (${pairs.join("; ")}): their images/manifest.json differ`);
  if (counts.length === 1) {
    const n = counts[0]!;
    const byIndex = new Map<number, string[]>();
    for (const s of withRecord) byIndex.set(s.shard.index, [...(byIndex.get(s.shard.index) ?? []), s.dir]);
    for (const [i, dirs] of [...byIndex].sort((a, b) => a[0] - b[0])) if (dirs.length > 1) problems.push(`shard ${i}/${n} is given ${dirs.length} times: ${dirs.join(", ")}`);
    const missing = Array.from({ length: n }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
    if (missing.length > 0) problems.push(`shard${missing.length > 1 ? "s" : ""} ${missing.map((i) => `${i}/${n}`).join(", ")} ${missing.length > 1 ? "are" : "is"} missing: merge needs all ${n}`);
  }
  return problems;
}

/** A row for a scenario its shard was given but did not report (the shard ended early): unknown, saying where to look. */
function unreported(name: string, s: ShardRun & { shard: ShardRecord }): ScenarioResult {
  return {
    name,
    description: "(not reported by its shard)",
    profile: "-",
    verdict: "unknown",
    checks: [],
    error: `not run: shard ${s.shard.index}/${s.shard.count} (${s.results.runId}, ${s.dir}) was given it but its results.json has no row for it (the shard ended early; see its harness.log)`,
    seconds: 0,
    artifacts: name,
  };
}

/** The one run the shards make; INVALID_INPUT listing every problem when they are not one complete split. */
export function mergeShards(shards: readonly ShardRun[], runId: string, loadProblems: readonly string[] = []): RunResults {
  const problems = [...loadProblems, ...shardProblems(shards)];
  if (shards.length + loadProblems.length === 0) problems.push("no shard folder given");
  if (problems.length > 0)
    throw new HarnessError("INVALID_INPUT", `cannot merge: ${problems.length === 1 ? problems[0] : `${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join("\n")}`}`, { hint: MERGE_HINT });
  const ordered = shards.map((s) => ({ ...s, shard: s.results.shard! })).sort((a, b) => a.shard.index - b.shard.index);
  const first = ordered[0]!;
  const order = new Map(first.shard.selection.names.map((n, i) => [n, i]));
  const rows: Array<{ r: ScenarioResult; k: number; i: number }> = [];
  for (const s of ordered) {
    const reported = new Set(s.results.scenarios.map((r) => r.name));
    const own = [...s.results.scenarios, ...s.shard.scenarios.filter((n) => !reported.has(n)).map((n) => unreported(n, s))];
    for (const r of own) rows.push({ r, k: order.get(r.name) ?? order.size, i: rows.length });
  }
  const times = ordered.map((s) => s.results);
  return {
    runId,
    startedAt: times.map((r) => r.startedAt).sort()[0]!,
    endedAt: times.map((r) => r.endedAt).sort().at(-1)!,
    interrupted: times.some((r) => r.interrupted),
    versions: { ...first.results.versions },
    // selection order; a scenario's rows (pairs, repetitions) in the order its shard ran them
    scenarios: rows.sort((a, b) => a.k - b.k || a.i - b.i).map((x) => x.r),
    merged: { count: first.shard.count, shards: ordered.map((s) => ({ index: s.shard.index, runId: s.results.runId, dir: s.dir })) },
  };
}
