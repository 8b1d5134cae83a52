// `shieldlab diff A B`: what changed from run A to run B; exit 0 no regressions, 1 regressions, 2 bad input.
import { defineCommand } from "citty";
import { loadRunResults } from "../report/results-loader.ts";
import { renderChangesText } from "../report/run-diff-console.ts";
import { diffRuns } from "../report/run-diff.ts";
import { toJson } from "../util/to-json.ts";
import { colorEnabled } from "../util/terminal-color.ts";
import { diffExitCode } from "./exit-codes.ts";

export interface DiffCommandOptions {
  /** Print the comparison as JSON (the shape of results.json's `baseline` section) instead of text. */
  json?: boolean;
  color?: boolean;
  print?: (text: string) => void;
}

/** Loads both runs (INVALID_INPUT when either is not a readable results.json), prints what changed, returns the exit code. */
export function runDiffCommand(a: string, b: string, o: DiffCommandOptions = {}): number {
  const before = loadRunResults(a, "diff A");
  const after = loadRunResults(b, "diff B");
  const c = diffRuns(before.results, after.results);
  const print = o.print ?? ((t: string) => process.stdout.write(`${t}\n`));
  if (o.json) print(toJson({ from: before.file, runId: before.results.runId, to: after.file, toRunId: after.results.runId, ...c }));
  else print(renderChangesText(c, `CHANGES FROM ${before.results.runId} TO ${after.results.runId}`, o.color === true, [`A: ${before.file}`, `B: ${after.file}`]));
  return diffExitCode(c);
}

export const diff = defineCommand({
  meta: { name: "diff", description: "Compare two finished runs: each verdict and finding of A (the baseline) with B; exit 1 on a regression" },
  args: {
    a: { type: "positional", required: true, valueHint: "run-dir|results.json", description: "the baseline run: its folder (artifacts/<run-id>), its results.json, or its run id" },
    b: { type: "positional", required: true, valueHint: "run-dir|results.json", description: "the run compared with it (artifacts/latest: the last run)" },
    json: { type: "boolean", description: "print the comparison as JSON", default: false },
    debug: { type: "boolean", description: "stack traces with errors", default: false },
  },
  run({ args }) {
    process.exitCode = runDiffCommand(args.a, args.b, { json: args.json, color: colorEnabled(process.stdout) });
  },
});
