// Reads a finished run's results.json (from a run folder, the file itself, or a run id under artifacts/) to compare runs.
// Bad input (missing path, not a results.json, another schema version) is INVALID_INPUT with a hint: exit 2.
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import { HarnessError } from "../errors/harness-error.ts";
import { artifactsDir } from "../util/paths.ts";
import { formatZodError } from "../util/zod-format.ts";
import { FINDING_KINDS, RESULTS_SCHEMA_VERSION, type RunResults } from "./results-model.ts";

const WHERE_HINT = "pass a run folder (artifacts/<run-id>, artifacts/latest), its results.json, or a run id; `ls artifacts/` lists the runs";

// only what a comparison reads is checked; the rest of the file is kept as it is
const scenarioSchema = z.looseObject({
  name: z.string().min(1),
  verdict: z.enum(["pass", "fail", "unknown"]),
  finding: z.looseObject({ kind: z.enum(FINDING_KINDS) }).optional(),
  repeat: z.number().int().positive().optional(),
  versions: z.record(z.string(), z.string()).optional(),
});
const resultsSchema = z.looseObject({
  runId: z.string(),
  versions: z.record(z.string(), z.string()),
  scenarios: z.array(scenarioSchema),
});

export interface LoadedResults {
  /** The results.json read, as a real path (artifacts/latest resolved to the run it points at). */
  file: string;
  results: RunResults;
}

/** The results.json that `arg` names: a file, a run folder holding one, or a run id under the artifacts folder. */
export function resultsFileOf(arg: string, what: string): string {
  let path = resolve(arg);
  if (!existsSync(path) && !/[\\/]/.test(arg) && existsSync(join(artifactsDir, arg))) path = join(artifactsDir, arg);
  if (!existsSync(path)) throw new HarnessError("INVALID_INPUT", `${what} ${JSON.stringify(arg)}: no such file or folder`, { hint: WHERE_HINT });
  if (statSync(path).isDirectory()) {
    const file = join(path, "results.json");
    if (!existsSync(file))
      throw new HarnessError("INVALID_INPUT", `${what} ${JSON.stringify(arg)}: the folder holds no results.json (not a shieldlab run folder?)`, { hint: WHERE_HINT });
    path = file;
  }
  return realpathSync(path);
}

/** Loads and checks a run's results for comparison; `what` names the argument in messages ("--baseline", "diff A"). */
export function loadRunResults(arg: string, what: string): LoadedResults {
  const file = resultsFileOf(arg, what);
  const where = `${what} ${file}`;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (cause) {
    throw new HarnessError("INVALID_INPUT", `${where}: not JSON (${(cause as Error).message})`, { cause, hint: WHERE_HINT });
  }
  const version = raw && typeof raw === "object" ? (raw as { schemaVersion?: unknown }).schemaVersion : undefined;
  // a file from before the stamp has the same layout as version 1
  if (version !== undefined && version !== RESULTS_SCHEMA_VERSION)
    throw new HarnessError("INVALID_INPUT", `${where}: results schema version ${JSON.stringify(version)}, this shieldlab reads version ${RESULTS_SCHEMA_VERSION}`, {
      hint: "compare runs written by the same shieldlab version: re-run the baseline with this one (`npx shieldlab run … `) and compare with that run",
    });
  const r = resultsSchema.safeParse(raw, { reportInput: true });
  if (!r.success)
    throw new HarnessError("INVALID_INPUT", `${where}: not a shieldlab results.json: ${formatZodError(r.error)}`, { hint: WHERE_HINT });
  return { file, results: r.data as unknown as RunResults };
}
