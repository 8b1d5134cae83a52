// The results of one run as they grow: the record every suite (built clusters or a target) starts with, saved after
// each row so a failed or interrupted run keeps its reports; and the row of a scenario that did not run.
import { mkdirSync } from "node:fs";
import type { RunResults, ScenarioResult, ShardRecord } from "../report/results-model.ts";
import { pointLatest, writeRunReports } from "../report/run-writer.ts";
import type { Scenario } from "./scenario-schema.ts";

export interface RunRecord {
  results: RunResults;
  /** Stamps the end and the interruption, rewrites the reports and points artifacts/latest at the run. */
  save(): void;
}

export function newRunRecord(o: { runId: string; runDir: string; signal: AbortSignal; shard?: ShardRecord }, versions: RunResults["versions"]): RunRecord {
  mkdirSync(o.runDir, { recursive: true });
  const results: RunResults = {
    runId: o.runId,
    startedAt: new Date().toISOString(),
    endedAt: "",
    interrupted: false,
    versions,
    scenarios: [],
    ...(o.shard ? { shard: o.shard } : {}),
  };
  const save = (): void => {
    results.endedAt = new Date().toISOString();
    results.interrupted = o.signal.aborted;
    writeRunReports(o.runDir, results);
    pointLatest(o.runDir);
  };
  return { results, save };
}

/** A result row for a scenario that did not run (or crashed the harness): verdict unknown, with why. */
export function notRunRow(s: Pick<Scenario, "name" | "description"> & { finding?: Scenario["finding"] }, profile: string, why: string, repeat: number | undefined, artifacts: string): ScenarioResult {
  return { name: s.name, description: s.description, profile, verdict: "unknown", finding: s.finding, checks: [], error: why, seconds: 0, artifacts, ...(repeat ? { repeat } : {}) };
}
