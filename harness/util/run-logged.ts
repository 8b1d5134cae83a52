// Runs an external tool with its whole output kept in a log file; failure → HarnessError with the log tail.
import { createWriteStream, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { execa } from "execa";
import { HarnessError, type HarnessErrorCode, tailLines } from "../errors/harness-error.ts";
import type { ProgressStep } from "./progress.ts";

export interface RunLoggedOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** File that receives stdout and stderr (appended). */
  logFile: string;
  step?: ProgressStep;
  errorCode?: HarnessErrorCode;
  /** What the command does, for the error message ("mmdebstrap of the base rootfs"). */
  what: string;
  /** What to try when it fails. */
  hint?: string;
}

export async function runLogged(cmd: string, args: string[], options: RunLoggedOptions): Promise<void> {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: "a" });
  log.write(`\n$ ${cmd} ${args.join(" ")}\n`);
  const started = Date.now();
  try {
    const child = execa(cmd, args, { cwd: options.cwd, env: options.env, all: true, buffer: false, stdin: "ignore" });
    child.all?.on("data", (chunk: Buffer) => {
      log.write(chunk);
      const lines = chunk.toString().trim().split("\n");
      const last = lines[lines.length - 1];
      if (last) options.step?.update(last);
    });
    await child;
  } catch (e) {
    await new Promise<void>((r) => log.end(r));
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    const hint = options.hint ? ` ${options.hint}` : "";
    throw new HarnessError(
      options.errorCode ?? "IMAGE_BUILD_FAILED",
      `${options.what} failed after ${secs} s (${cmd} exited ${(e as { exitCode?: number }).exitCode ?? "abnormally"}); full log: ${options.logFile}.${hint}`,
      { cause: e, logTail: tailLines(safeRead(options.logFile), 25) },
    );
  }
  await new Promise<void>((r) => log.end(r));
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}
