// Runs a command in a running container (as a given user, with env), with stdout/stderr kept apart.
import { PassThrough } from "node:stream";
import { HarnessError } from "../errors/harness-error.ts";
import type { GeneratedSecret } from "../util/generated-secrets.ts";
import { RedactingWriter } from "../util/redacting-writer.ts";
import { docker } from "./docker-engine.ts";

export interface ExecOptions {
  user?: string;
  env?: Record<string, string>;
  workdir?: string;
  /** Also append both streams to this file as they arrive (with `teeSecrets` replaced before a byte reaches the disk). */
  teeFile?: string;
  /** The secrets to redact from the tee file; asked at every chunk. */
  teeSecrets?: () => readonly GeneratedSecret[];
  /** Called with each chunk of output (progress). */
  onOutput?: (text: string) => void;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `cmd` and returns its exit code and output; a non-zero exit is the caller's to judge. When Docker cannot run
 * it at all (container gone, engine away) it throws EXEC_FAILED naming the command and container: callers that run
 * during cluster start-up turn that into CLUSTER_START_FAILED, never the other way round.
 */
export async function containerExec(containerId: string, cmd: string[], options: ExecOptions = {}): Promise<ExecResult> {
  try {
    return await execIn(containerId, cmd, options);
  } catch (e) {
    throw new HarnessError("EXEC_FAILED", `docker exec ${cmd.join(" ").slice(0, 200)} in ${containerId.slice(0, 12)}: ${(e as Error).message}`, { cause: e });
  }
}

async function execIn(containerId: string, cmd: string[], options: ExecOptions): Promise<ExecResult> {
  const exec = await docker().getContainer(containerId).exec({
    Cmd: cmd,
    User: options.user,
    Env: Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${v}`),
    WorkingDir: options.workdir,
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const out = new PassThrough();
  const err = new PassThrough();
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  const tee = options.teeFile ? new RedactingWriter(options.teeFile, options.teeSecrets ?? (() => [])) : undefined;
  out.on("data", (c: Buffer) => {
    stdout.push(c);
    tee?.write(c);
    options.onOutput?.(c.toString());
  });
  err.on("data", (c: Buffer) => {
    stderr.push(c);
    tee?.write(c);
    options.onOutput?.(c.toString());
  });
  docker().modem.demuxStream(stream, out, err);
  try {
    await new Promise<void>((resolve, reject) => {
      stream.on("end", resolve);
      stream.on("close", resolve);
      stream.on("error", reject);
    });
  } finally {
    tee?.end();
  }
  const info = await exec.inspect();
  return { exitCode: info.ExitCode ?? -1, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString() };
}
