// `shieldlab bench tpch`: the TPC-H encryption-overhead benchmark on the real cluster; flags validated here, before
// anything starts (INVALID_INPUT, exit 2), the run itself in harness/bench/tpch/tpch-bench.ts.
import { defineCommand } from "citty";
import { installBenchInterruptHandler } from "./interrupts.ts";
import { runTpchBenchCommand, type TpchBenchOptions } from "../bench/tpch/tpch-bench.ts";
import { DEFAULT_TPCH_PROFILES, tpchProfile, TPCH_PROFILES } from "../bench/tpch/tpch-profiles.ts";
import { DEFAULT_QUERIES, parseQueries, SMOKE_QUERIES } from "../bench/tpch/tpch-stats.ts";
import { HarnessError } from "../errors/harness-error.ts";
import { createLogger } from "../log/logger.ts";
import { EXIT } from "./exit-codes.ts";

/** --smoke's profiles: the plain baseline, the network cipher and the disk cipher (one app each). */
export const SMOKE_PROFILES = ["plain", "auth-gcm", "io-enc"] as const;
const SMOKE_SCALE = 0.01;
const HINT = "see `npx shieldlab bench tpch --help`";

const ARGS = {
  scale: { type: "string", valueHint: "SF", description: `TPC-H scale factor (default 1; --smoke: ${SMOKE_SCALE}); data made once per scale, cached` },
  queries: { type: "string", valueHint: "3,5,…|all", description: `TPC-H queries (default ${DEFAULT_QUERIES.join(",")}; --smoke: ${SMOKE_QUERIES.join(",")})` },
  profiles: { type: "string", valueHint: "a,b", description: `security profiles (default ${DEFAULT_TPCH_PROFILES.join(",")}; --smoke: ${SMOKE_PROFILES.join(",")}); known: ${TPCH_PROFILES.map((p) => p.name).join(", ")}` },
  reps: { type: "string", valueHint: "N", description: "measured rounds: every query once under every profile, the profiles in a seeded random order (default 14; --sequential: 3; --smoke: 1)" },
  "warmup-rounds": { type: "string", valueHint: "N", description: "rounds run first and dropped while the JIT settles (default 2; --sequential: 0, its apps run the queries untimed first; --smoke: 0)" },
  sequential: { type: "boolean", description: "one app per profile per round, one after the other, instead of one app per profile all up at once taking turns query by query (chosen by itself when the profiles' apps do not fit in memory together)", default: false },
  iters: { type: "string", valueHint: "N", description: "--sequential only: timed passes over the queries inside each app, their mean being the round's sample (default 2, after 2 untimed passes)" },
  seed: { type: "string", valueHint: "N", description: "seed of the profile order in each round", default: "1" },
  smoke: { type: "boolean", description: `SF ${SMOKE_SCALE}, 2 queries, 1 round, no warm-up: checks the answers and the machinery, not the figures`, default: false },
  "profile-cpu": { type: "boolean", description: "JDK Flight Recorder on the driver and every executor: CPU shares per profile, where the extra seconds go, flame graphs", default: false },
} as const;

export interface TpchFlags {
  scale?: string;
  queries?: string;
  profiles?: string;
  reps?: string;
  iters?: string;
  "warmup-rounds"?: string;
  sequential?: boolean;
  seed?: string;
  smoke?: boolean;
  "profile-cpu"?: boolean;
}

/** Every flag on the command line is one of ours (citty ignores unknown ones: `--profile plain` would run every default profile). */
export function assertKnownFlags(rawArgs: readonly string[]): void {
  const known = [...Object.keys(ARGS), "debug", "help"];
  for (const a of rawArgs) {
    if (!a.startsWith("-") || a === "--" || /^-\d/.test(a)) continue;
    const name = a.replace(/^-{1,2}/, "").split("=")[0]!.replace(/^no-/, "");
    if (known.includes(name) || name === "h") continue;
    const near = known.find((k) => k.startsWith(name) || name.startsWith(k));
    throw new HarnessError("INVALID_INPUT", `bench tpch: unknown flag ${a.split("=")[0]}${near ? ` (did you mean --${near}?)` : ""}; flags: ${Object.keys(ARGS).map((k) => `--${k}`).join(" ")}`, { hint: HINT });
  }
}

function wholeNumber(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw new HarnessError("INVALID_INPUT", `${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`, { hint: HINT });
  return n;
}

/** The flags → the run's options; anything wrong is one INVALID_INPUT naming the flag, the value and what it takes. */
export function parseTpchFlags(f: TpchFlags): Omit<TpchBenchOptions, "command" | "log"> {
  const smoke = f.smoke === true;
  let scale = smoke ? SMOKE_SCALE : 1;
  if (f.scale !== undefined) {
    scale = Number(f.scale);
    if (!/^\d*\.?\d+$/.test(f.scale.trim()) || !(scale > 0) || scale > 100)
      throw new HarnessError("INVALID_INPUT", `--scale must be a TPC-H scale factor above 0 and at most 100 (e.g. 0.01, 1, 10), got ${JSON.stringify(f.scale)}`, { hint: HINT });
  }
  const profiles = f.profiles === undefined ? [...(smoke ? SMOKE_PROFILES : DEFAULT_TPCH_PROFILES)] : f.profiles.split(",").map((p) => p.trim()).filter(Boolean);
  if (profiles.length === 0) throw new HarnessError("INVALID_INPUT", `--profiles names no profile (got ${JSON.stringify(f.profiles)}); known: ${TPCH_PROFILES.map((p) => p.name).join(", ")}`, { hint: HINT });
  profiles.forEach(tpchProfile);
  if (f.iters !== undefined && f.sequential !== true)
    throw new HarnessError("INVALID_INPUT", `--iters ${f.iters}: timed passes inside an app are the sequential mode's; side by side (the default) every round runs each query once per profile`, { hint: "add --sequential, or use --reps for more rounds" });
  return {
    scale,
    queries: f.queries === undefined ? undefined : parseQueries(f.queries),
    profiles: [...new Set(profiles)],
    reps: f.reps === undefined ? undefined : wholeNumber("--reps", f.reps, 1, 1000),
    iters: f.iters === undefined ? undefined : wholeNumber("--iters", f.iters, 1, 20),
    warmupRounds: f["warmup-rounds"] === undefined ? undefined : wholeNumber("--warmup-rounds", f["warmup-rounds"], 0, 10),
    seed: wholeNumber("--seed", f.seed ?? "1", 0, 2 ** 31 - 1),
    smoke,
    sequential: f.sequential === true,
    profileCpu: f["profile-cpu"] === true,
  };
}

export const benchTpch = defineCommand({
  meta: { name: "tpch", description: "TPC-H on the real cluster: per-query and total time ratios to plain with 95 % intervals, every answer checked" },
  args: ARGS,
  async run({ args, rawArgs }) {
    assertKnownFlags(rawArgs);
    const o = parseTpchFlags(args);
    const log = createLogger({ consoleLevel: rawArgs.includes("--debug") ? "debug" : "silent" });
    installBenchInterruptHandler();
    const r = await runTpchBenchCommand({ ...o, command: ["npx shieldlab bench tpch", ...rawArgs].join(" "), log });
    console.log(r.summary);
    if (!r.ok) {
      for (const p of r.problems) console.error(`FAILED: ${p}`);
      process.exitCode = EXIT.failed;
    }
  },
});
