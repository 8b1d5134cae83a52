// Flag values of the CLI that need more than citty's parsing: validated at the edge with INVALID_INPUT (exit 2).
import { HarnessError } from "../errors/harness-error.ts";
import type { ManifestFile } from "../images/manifest.ts";
import { COMPONENTS, resolveVersion, type Component } from "../images/version-pair.ts";
import type { VersionSelection } from "../scenario/version-runs.ts";
import { loadRunResults } from "../report/results-loader.ts";
import type { RunResults } from "../report/results-model.ts";
import { parseShard, type ShardSpec } from "../scenario/shard-split.ts";

/** A flag whose value is a whole number from `min` to `max`; anything else is INVALID_INPUT naming the flag, with `hint`. */
function wholeNumberFlag(flag: string, value: string, min: number, max: number, hint: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max)
    throw new HarnessError("INVALID_INPUT", `${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`, { hint });
  return n;
}

/** --repeat: a whole number from 1 to 100. */
export function parseRepeat(value: string): number {
  return wholeNumberFlag("--repeat", value, 1, 100, "e.g. `npx shieldlab run tenancy/ --repeat 5`");
}

/** --lanes: clusters side by side, 1–4 (each holds ~3 GB and a share of the cores). */
export function parseLanes(value: string): number {
  return wholeNumberFlag("--lanes", value, 1, 4, "e.g. `npx shieldlab run --lanes 1` to run one cluster at a time");
}

/** Every value of a flag that may be given more than once (`--matrix a --matrix=b`), in order. */
export function flagValues(rawArgs: readonly string[], flag: string): string[] {
  const out: string[] = [];
  rawArgs.forEach((a, i) => {
    if (a === flag) {
      const v = rawArgs[i + 1];
      if (v === undefined || v.startsWith("--")) throw new HarnessError("INVALID_INPUT", `${flag} needs a value, e.g. ${flag} spark=3.5.x,4.0.5`);
      out.push(v);
    } else if (a.startsWith(`${flag}=`)) out.push(a.slice(flag.length + 1));
  });
  return out;
}

/** --spark, --hadoop and --matrix spark=a,b / hadoop=c,d → exact releases per component (INVALID_INPUT names the supported ones). */
export function parseVersionFlags(f: { spark?: string; hadoop?: string; matrix?: readonly string[] }, file: ManifestFile): VersionSelection {
  const out: VersionSelection = {};
  const from: Partial<Record<Component, string>> = {};
  const set = (k: Component, values: string[], flag: string): void => {
    if (from[k]) throw new HarnessError("INVALID_INPUT", `${k} is given twice (${from[k]} and ${flag}); name each component once`, { hint: "e.g. `--matrix spark=3.5.x,4.0.5 --hadoop 3.3.6`" });
    from[k] = flag;
    const exact = values.map((v) => resolveVersion(file, k, v, flag));
    out[k] = [...new Set(exact)];
  };
  if (f.spark !== undefined) set("spark", [f.spark], "--spark");
  if (f.hadoop !== undefined) set("hadoop", [f.hadoop], "--hadoop");
  for (const m of f.matrix ?? []) {
    const eq = m.indexOf("=");
    const axis = m.slice(0, eq).trim();
    if (eq <= 0 || !(COMPONENTS as readonly string[]).includes(axis))
      throw new HarnessError("INVALID_INPUT", `--matrix wants <component>=<version>,<version>… with component ${COMPONENTS.join(" or ")}, got ${JSON.stringify(m)}`, {
        hint: "e.g. `--matrix spark=3.5.x,4.0.5,4.1.x`",
      });
    const values = m.slice(eq + 1).split(",").map((v) => v.trim());
    if (values.some((v) => v === "")) throw new HarnessError("INVALID_INPUT", `--matrix ${axis}= has an empty version in ${JSON.stringify(m)}`);
    set(axis as Component, values, `--matrix ${axis}`);
  }
  return out;
}

/**
 * --shard I/N and --durations FILE: which part of the selection to run (none without --shard) and the earlier run whose
 * per-scenario seconds weigh the split. --durations alone, or --baseline with --shard, is INVALID_INPUT.
 */
export function parseShardFlags(f: { shard?: string; durations?: string; baseline?: string }): { spec?: ShardSpec; durations?: RunResults } {
  if (f.shard === undefined) {
    if (f.durations !== undefined)
      throw new HarnessError("INVALID_INPUT", `--durations weighs a --shard split, and no --shard is given`, { hint: "e.g. `npx shieldlab run --shard 1/2 --durations artifacts/latest/results.json`" });
    return {};
  }
  const spec = parseShard(f.shard);
  if (f.baseline !== undefined)
    throw new HarnessError("INVALID_INPUT", `--baseline compares a whole run, and --shard ${f.shard} runs a part of one`, {
      hint: "merge the shards first, then compare: `npx shieldlab merge <dirs> --out merged && npx shieldlab diff <baseline> merged`",
    });
  return { spec, ...(f.durations !== undefined ? { durations: loadRunResults(f.durations, "--durations").results } : {}) };
}
