// `shieldlab merge DIR...`: joins the artifact folders of the shards of one split into one run folder (results.json,
// junit.xml, report.html, each scenario's artifacts), findings bound over all shards; exits like `run`.
import { cpSync, existsSync, realpathSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { defineCommand } from "citty";
import { newSessionId } from "../engine/session.ts";
import { HarnessError, isHarnessError } from "../errors/harness-error.ts";
import { renderConsoleTable } from "../report/console-table.ts";
import { loadRunResults } from "../report/results-loader.ts";
import type { RunResults } from "../report/results-model.ts";
import { mergeShards, type ShardRun } from "../report/shard-merge.ts";
import { pointLatest, writeRunReports } from "../report/run-writer.ts";
import { artifactsDir } from "../util/paths.ts";
import { runExitCode } from "./exit-codes.ts";

export interface MergeCommandOptions {
  /** Folder of the merged run (default: artifacts/<new run id>, and artifacts/latest points at it). */
  out?: string;
  runId?: string;
  print?: (text: string) => void;
}

export interface MergeOutcome {
  exitCode: number;
  outDir: string;
  results: RunResults;
}

/** Loads every shard folder (each problem collected), merges, copies the artifacts, writes the reports. */
export function runMergeCommand(dirs: readonly string[], o: MergeCommandOptions = {}): MergeOutcome {
  const shards: Array<ShardRun & { from: string }> = [];
  const problems: string[] = [];
  for (const dir of dirs) {
    try {
      const { file, results } = loadRunResults(dir, "merge");
      shards.push({ dir, results, from: dirname(file) });
    } catch (e) {
      if (!isHarnessError(e, "INVALID_INPUT")) throw e;
      problems.push(e.message);
    }
  }
  const runId = o.runId ?? newSessionId();
  const merged = mergeShards(shards, runId, problems);
  const outDir = resolve(o.out ?? join(artifactsDir, runId));
  const real = existsSync(outDir) ? realpathSync(outDir) : outDir;
  if (shards.some((s) => s.from === real))
    throw new HarnessError("INVALID_INPUT", `--out ${o.out}: is one of the shard folders; the merged run needs a folder of its own`, { hint: "e.g. `--out merged/`" });
  if (existsSync(join(outDir, "results.json")))
    throw new HarnessError("INVALID_INPUT", `--out ${o.out ?? outDir}: already holds a run (results.json); name a new folder or remove it`, { hint: "e.g. `--out merged/`" });
  // each scenario's artifacts (history, logs, pcaps, evidence) under the same relative path as in its shard
  for (const s of shards) {
    for (const row of s.results.scenarios) {
      const src = join(s.from, row.artifacts);
      if (row.artifacts && existsSync(src)) cpSync(src, join(outDir, row.artifacts), { recursive: true });
    }
    const log = join(s.from, "harness.log");
    if (existsSync(log)) cpSync(log, join(outDir, `harness-shard-${s.results.shard!.index}.log`));
  }
  writeRunReports(outDir, merged);
  if (o.out === undefined) pointLatest(outDir);
  const print = o.print ?? ((t: string) => process.stdout.write(`${t}\n`));
  print(renderConsoleTable(merged));
  const rel = relative(process.cwd(), outDir);
  const where = rel && !rel.startsWith("..") ? rel : outDir;
  print(`merged ${shards.length} shard(s) (${merged.merged!.shards.map((s) => s.runId).join(", ")}) into ${runId}; reports: ${join(where, "report.html")}, results.json, junit.xml`);
  return { exitCode: runExitCode(merged), outDir, results: merged };
}

export const merge = defineCommand({
  meta: { name: "merge", description: "Join the artifact folders of `run --shard 1/N` … `N/N` into one run: reports, findings over all shards; exits like run" },
  args: {
    dirs: { type: "positional", required: true, valueHint: "shard-dir...", description: "every shard's run folder (or its results.json), in any order" },
    out: { type: "string", valueHint: "dir", description: "folder for the merged run (default: artifacts/<new run id>, and artifacts/latest points at it)" },
    debug: { type: "boolean", description: "stack traces with errors", default: false },
  },
  run({ args }) {
    process.exitCode = runMergeCommand((args._ as string[]) ?? [args.dirs], { out: args.out }).exitCode;
  },
});
