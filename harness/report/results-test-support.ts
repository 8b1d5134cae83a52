// Test support: a finished run's results as the writer saves them (fixed times, the default versions).
import type { RunResults, ScenarioResult } from "./results-model.ts";

export function runResults(runId: string, scenarios: ScenarioResult[], versions: Record<string, string> = { hadoop: "3.4.3", spark: "4.0.5" }): RunResults {
  return { runId, startedAt: "2026-11-22T12:00:00Z", endedAt: "2026-11-22T12:05:00Z", interrupted: false, versions, scenarios };
}
