// The exit codes of `shieldlab`, and which one an error maps to.
import { isHarnessError } from "../errors/harness-error.ts";

export const EXIT = {
  /** Everything selected ran and passed. */
  ok: 0,
  /** A scenario failed or was unknown, or a command failed at run time. */
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
