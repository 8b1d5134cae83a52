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
  if (wasInterrupted() && !debugRequested(rawArgs)) {
    // after Ctrl-C the step in flight fails because its containers are going away: not an error of its own
    const first = (e instanceof Error ? e.message : String(e)).split("\n")[0]!.slice(0, 160);
    process.stderr.write(`[shieldlab] interrupted; the step in flight ended with: ${first}\n`);
  } else process.stderr.write(`${formatError(e, { debug: debugRequested(rawArgs), color: colorEnabled(process.stderr) })}\n`);
  process.exitCode = wasInterrupted() ? EXIT.interrupted : exitCodeFor(e);
}

/** The command the words name (`bench tpch` → its subcommand); its HELP_EXTRAS name is the words joined by spaces. */
async function subCommand(main: CommandDef, rawArgs: readonly string[]): Promise<{ cmd: CommandDef; name: string; parent?: CommandDef }> {
  let cmd = main;
  let parent: CommandDef | undefined;
  const names: string[] = [];
  for (const word of rawArgs.slice(rawArgs.findIndex((a) => !a.startsWith("-")))) {
    const subs = (await cmd.subCommands) as Record<string, CommandDef> | undefined;
    if (word.startsWith("-") || !subs?.[word]) break;
    parent = cmd;
    cmd = subs[word];
    names.push(word);
  }
  const top = ((await main.meta) as { name?: string } | undefined)?.name ?? "";
  if (names.length === 0) return { cmd: main, name: top };
  // citty's usage line names the parent only: a nested command's parent is named by the whole path ("shieldlab bench")
  const parentName = [top, ...names.slice(0, -1)].join(" ");
  return { cmd, name: names.join(" "), parent: names.length > 1 ? { ...parent, meta: { ...((await parent!.meta) as object), name: parentName } } : parent };
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
