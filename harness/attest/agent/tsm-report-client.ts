// The guest side of configfs-tsm's report interface: one challenge in, the raw attestation token out. Works on the
// emulation (tsm-report-emulator.ts) and on a real /sys/kernel/config/tsm/report (Linux ≥ 6.7, arm-cca-guest).
import { existsSync, mkdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HarnessError } from "../../errors/harness-error.ts";
import { notYet, ready, waitUntil } from "../../util/wait-until.ts";

export const TSM_REPORT_ROOT = "/sys/kernel/config/tsm/report";

export interface TsmReportClientOptions {
  /** Default /sys/kernel/config/tsm/report. */
  root?: string;
  /** Report object name; default "shieldlab-<pid>-<random>". It is made and removed by the call. */
  name?: string;
  /** Default 10 000 ms for the whole request. */
  timeoutMs?: number;
  /** Expected provider (default "arm_cca_guest"); undefined to accept any. */
  provider?: string | null;
}

export interface TsmReport {
  outblob: Buffer;
  provider: string;
  generation: number;
}

const readGeneration = (dir: string): number => Number.parseInt(readFileSync(join(dir, "generation"), "utf8").trim(), 10);

/** mkdir, read generation g, write inblob, wait for generation > g, read outblob; retry if generation moved meanwhile. */
export async function requestTsmReport(inblob: Uint8Array, options: TsmReportClientOptions = {}): Promise<TsmReport> {
  const root = options.root ?? TSM_REPORT_ROOT;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  const dir = join(root, options.name ?? `shieldlab-${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
  // both waits share the request's one deadline; the device answers within milliseconds, so poll every 5 ms
  const waitFor = (what: string, probe: () => boolean, state: () => string): Promise<void> =>
    waitUntil({ what: `configfs-tsm ${dir}: ${what}`, timeoutMs: Math.max(0, deadline - Date.now()), intervalMs: 5, code: "TIMEOUT" }, () => (probe() ? ready(undefined) : notYet(state())));
  mkdirSync(dir);
  try {
    // a real configfs object has its attributes at once; the emulated one once the daemon has seen the mkdir
    await waitFor("the generation attribute (is the device daemon running?)", () => existsSync(join(dir, "generation")), () => "no generation attribute");
    const provider = readFileSync(join(dir, "provider"), "utf8").trim();
    const want = options.provider === undefined ? "arm_cca_guest" : options.provider;
    if (want !== null && provider !== want) throw new HarnessError("INVALID_INPUT", `configfs-tsm ${dir}: provider is ${JSON.stringify(provider)}, expected ${want}`);
    for (;;) {
      const before = readGeneration(dir);
      writeFileSync(join(dir, "inblob"), inblob);
      await waitFor(`generation past ${before} (the report for our inblob)`, () => readGeneration(dir) > before, () => `generation ${readGeneration(dir)}`);
      const generation = readGeneration(dir);
      const error = existsSync(join(dir, "error")) ? readFileSync(join(dir, "error"), "utf8").trim() : "";
      const outblob = readFileSync(join(dir, "outblob"));
      if (readGeneration(dir) !== generation) continue; // another write raced ours: ask again
      if (error) throw new HarnessError("TSM_REPORT_FAILED", `configfs-tsm ${dir}: ${error}`);
      return { outblob, provider, generation };
    }
  } finally {
    removeReport(dir);
  }
}

// configfs removes a report object (attributes included) with rmdir; the emulation's folder holds real files
function removeReport(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    rmSync(dir, { recursive: true, force: true });
  }
}
