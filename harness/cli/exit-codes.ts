// The exit codes of `shieldlab`, and which one an error maps to.
import { isHarnessError } from "../errors/harness-error.ts";
import { unboundFindings } from "../report/finding-binding.ts";
import { runPassed, type RunComparison, type RunResults } from "../report/results-model.ts";

export const EXIT = {
  /** Everything selected ran and passed. */
  ok: 0,
  /** A scenario failed or was unknown, a finding is not bound (a control did not pass on its pair), something regressed since the baseline, or a command failed at run time. */
  failed: 1,
  /** Bad usage or input: unknown command, scenario or flag value, a scenario file that does not load. Nothing ran. */
  usage: 2,
  /** Interrupted (Ctrl-C / SIGTERM). */
  interrupted: 130,
} as const;

const USAGE_CODES = new Set(["INVALID_INPUT", "SCENARIO_LOAD_FAILED"]);

/** The exit code for an error that ended a command. citty's own usage errors (unknown command, missing argument) are CLIErrors. */
export function exitCodeFor(e: unknown): number {
  if (isHarnessError(e, "INTERRUPTED")) return EXIT.interrupted;
  if (isHarnessError(e) && USAGE_CODES.has(e.code)) return EXIT.usage;
  if (e instanceof Error && e.name === "CLIError") return EXIT.usage;
  return EXIT.failed;
}

/**
 * The exit code of a finished `run`: 130 when interrupted; 1 when a scenario did not pass, a finding is not bound (one of
 * its controls has no passed result on its pair in this run: a passed attack never exits 0 on its own), or something
 * regressed since the baseline; else 0. An empty shard (`--shard I/N` given nothing to run) exits 0.
 */
export function runExitCode(results: RunResults, interrupted = false): number {
  if (results.interrupted || interrupted) return EXIT.interrupted;
  // a shard given nothing (more shards than cluster groups) did all it was asked: `merge` judges the whole selection
  if (results.shard && results.scenarios.length === 0) return EXIT.ok;
  if (!runPassed(results) || unboundFindings(results).length > 0 || results.baseline?.regressed === true) return EXIT.failed;
  return EXIT.ok;
}

/** The exit code of `diff`: 1 when something regressed from A to B, else 0 (bad input throws INVALID_INPUT: 2). */
export function diffExitCode(c: Pick<RunComparison, "regressed">): number {
  return c.regressed ? EXIT.failed : EXIT.ok;
}
