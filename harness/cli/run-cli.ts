// Runs the `shieldlab` command tree: --help with examples, --version, and errors a person reads with the right exit code.
// Replaces citty's runMain, which prints raw errors with their stack and always exits 1.
import { runCommand, type CommandDef } from "citty";
import { colorEnabled } from "../util/terminal-color.ts";
import { formatError } from "./error-report.ts";
import { exitCodeFor, EXIT } from "./exit-codes.ts";
import { renderHelp } from "./help.ts";
import { wasInterrupted } from "./interrupts.ts";

/** True when `--debug` is on the command line (any command) or SHIELDLAB_DEBUG=1. */
export function debugRequested(rawArgs: readonly string[], env: NodeJS.ProcessEnv = process.env): boolean {
  return rawArgs.includes("--debug") || env.SHIELDLAB_DEBUG === "1";
}

/** Prints an error that ended the command and sets the exit code for it. */
export function reportFatal(e: unknown, rawArgs: readonly string[]): void {
  process.stderr.write(`${formatError(e, { debug: debugRequested(rawArgs), color: colorEnabled(process.stderr) })}\n`);
  process.exitCode = wasInterrupted() ? EXIT.interrupted : exitCodeFor(e);
}

async function subCommand(main: CommandDef, rawArgs: readonly string[]): Promise<{ cmd: CommandDef; name: string; parent?: CommandDef }> {
  const subs = (await main.subCommands) as Record<string, CommandDef> | undefined;
  const name = rawArgs.find((a) => !a.startsWith("-"));
  const meta = await main.meta;
  return name && subs?.[name] ? { cmd: subs[name], name, parent: main } : { cmd: main, name: (meta as { name?: string } | undefined)?.name ?? "" };
}

export async function runCli(main: CommandDef, rawArgs: string[] = process.argv.slice(2)): Promise<void> {
  const target = await subCommand(main, rawArgs);
  try {
    if (rawArgs.includes("--help") || rawArgs.includes("-h") || rawArgs.length === 0) {
      process.stdout.write(`${await renderHelp(target.cmd, target.parent, target.name, colorEnabled(process.stdout))}\n`);
      return;
    }
    if (rawArgs.length === 1 && (rawArgs[0] === "--version" || rawArgs[0] === "-v")) {
      process.stdout.write(`${((await main.meta) as { version?: string } | undefined)?.version ?? "unknown"}\n`);
      return;
    }
    await runCommand(main, { rawArgs });
  } catch (e) {
    reportFatal(e, rawArgs);
  }
}
