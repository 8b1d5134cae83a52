// How an error that ends a command reads: `error [CODE]: message`, a `hint:` line, the log tail; the stack only with --debug.
import { inspect, stripVTControlCharacters } from "node:util";
import { INTERNAL_ERROR_HINT, ERROR_HINTS } from "../errors/error-hints.ts";
import { isHarnessError } from "../errors/harness-error.ts";
import { asEngineError } from "../engine/docker-engine.ts";
import { colors } from "../util/terminal-color.ts";

export interface ErrorReportOptions {
  /** Add the stack trace and the cause chain. */
  debug?: boolean;
  color?: boolean;
}

const USAGE_HINT = "`npx shieldlab --help` lists the commands, `npx shieldlab <command> --help` their options and examples";

/** The code, message, hint and log tail of any thrown value (connection errors to Docker become ENGINE_UNAVAILABLE). */
export function errorParts(thrown: unknown): { code: string; message: string; hint: string; logTail?: string } {
  const e = asEngineError(thrown);
  if (isHarnessError(e)) return { code: e.code, message: e.message, hint: e.hint ?? ERROR_HINTS[e.code], logTail: e.logTail?.trim() || undefined };
  if (e instanceof Error && e.name === "CLIError") return { code: "USAGE", message: e.message, hint: USAGE_HINT };
  const message = e instanceof Error ? e.message : String(e);
  return { code: "INTERNAL", message: message || String(e), hint: INTERNAL_ERROR_HINT };
}

/** The text printed to stderr for an error that ended a command. */
export function formatError(thrown: unknown, o: ErrorReportOptions = {}): string {
  const c = colors(o.color === true);
  const p = errorParts(thrown);
  const plain = (s: string): string => (o.color ? s : stripVTControlCharacters(s));
  const lines = [`${c.red(c.bold(`error [${p.code}]`))}: ${plain(p.message)}`, `${c.cyan("hint")}: ${p.hint}`];
  if (p.logTail) lines.push(c.dim("--- last log lines ---"), c.dim(plain(p.logTail)));
  if (o.debug) lines.push(c.dim("--- stack (--debug) ---"), inspect(thrown, { colors: o.color === true, depth: 6 }));
  return lines.join("\n");
}
