// The key a result is compared under across runs: scenario name × version pair (absent = the run's default pair).
import type { RunResults, ScenarioResult } from "./results-model.ts";

const FIRST = ["spark", "hadoop"];

/** "spark=3.5.6,hadoop=3.4.3": spark and hadoop first, any other component after them in name order. */
export function versionsLabel(versions: Record<string, string>): string {
  const rank = (k: string): number => (FIRST.includes(k) ? FIRST.indexOf(k) : FIRST.length);
  return Object.keys(versions)
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((k) => `${k}=${versions[k]}`)
    .join(",");
}

/** The scenario's version pair, or undefined when it ran on the run's default pair (stated or not). */
export function pairOf(s: Pick<ScenarioResult, "versions">, runVersions: RunResults["versions"]): Record<string, string> | undefined {
  const v = s.versions;
  if (!v || Object.keys(v).length === 0) return undefined;
  return Object.entries(v).every(([k, x]) => runVersions[k] === x) ? undefined : v;
}

/** "tenancy/ten-acl-matrix", or "tenancy/ten-acl-matrix [spark=3.5.6,hadoop=3.4.3]" on a pair other than the default. */
export function comparisonKey(s: Pick<ScenarioResult, "name" | "versions">, runVersions: RunResults["versions"]): string {
  const pair = pairOf(s, runVersions);
  return pair ? `${s.name} [${versionsLabel(pair)}]` : s.name;
}
