// Commands the host-side attestation layer runs in the cluster's containers; the caller picks the error code
// (LAYER_FAILED while the layer starts, EXEC_FAILED in the middle of a scenario).
import { execa } from "execa";
import { HarnessError, tailLines, type HarnessErrorCode } from "../../errors/harness-error.ts";
import { containerExec } from "../../engine/container-exec.ts";

/** Runs `cmd` in the container; its stdout, or HarnessError(code) with the output's tail when it exits non-zero. */
export async function containerRun(containerId: string, cmd: string[], code: HarnessErrorCode = "EXEC_FAILED"): Promise<string> {
  const r = await containerExec(containerId, cmd);
  if (r.exitCode !== 0) throw new HarnessError(code, `${cmd.join(" ").slice(0, 200)} failed (exit ${r.exitCode}) in ${containerId.slice(0, 12)}`, { logTail: tailLines(r.stderr + r.stdout) });
  return r.stdout;
}

/** `docker cp src dest`; HarnessError(code) naming both when it fails. */
export async function dockerCp(src: string, dest: string, code: HarnessErrorCode = "EXEC_FAILED"): Promise<void> {
  const r = await execa("docker", ["cp", src, dest], { reject: false });
  if (r.exitCode !== 0) throw new HarnessError(code, `docker cp ${src} ${dest}: ${r.stderr.trim()}`);
}

/** A shell word: as is when it is safe, else single-quoted. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=,@-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`;
}
