// Which version pairs each scenario runs on: its own pin (`versions: { spark: "3.2.1" }`) wins for what it pins; the
// rest comes from the run's selection (--spark/--hadoop, or a --matrix axis) or the manifest's default pair.
import type { ManifestFile, VersionPair } from "../images/manifest.ts";
import { attestPluginProblem, isDefaultPair, pairLabel, pairProblem, resolveVersion, type Component } from "../images/version-pair.ts";
import type { Scenario } from "./scenario-schema.ts";

/** The run's requested releases per component, already resolved to exact versions (several = a matrix axis). */
export type VersionSelection = Partial<Record<Component, string[]>>;

/** One scenario on one pair. */
export interface ScenarioRun {
  scenario: Scenario;
  pair: VersionPair;
  /** What results record: the pair, or undefined on the manifest's default pair. */
  versions?: Record<string, string>;
  /** Why it cannot run on this pair (it reports unknown with this reason, never pass). */
  blocked?: string;
}

/** Every (scenario, pair) to run, in scenario order; `notes` say where a scenario's pin overrode the selection. */
export function expandRuns(file: ManifestFile, scenarios: readonly Scenario[], selection: VersionSelection = {}): { runs: ScenarioRun[]; notes: string[] } {
  const runs: ScenarioRun[] = [];
  const notes: string[] = [];
  for (const s of scenarios) {
    const axis = (k: Component): string[] => {
      const pin = s.versions?.[k];
      if (pin === undefined) return selection[k] ?? [file.defaultPair[k]];
      const exact = resolveVersion(file, k, pin, `${s.name}: versions.${k}`);
      const asked = selection[k];
      if (asked && asked.some((v) => v !== exact)) notes.push(`${s.name} pins ${k} ${exact}; the run's ${k} ${asked.join(", ")} is not applied to it`);
      return [exact];
    };
    const seen = new Set<string>();
    for (const spark of axis("spark")) {
      for (const hadoop of axis("hadoop")) {
        const pair = { spark, hadoop };
        if (seen.has(pairLabel(pair))) continue;
        seen.add(pairLabel(pair));
        const blocked = pairProblem(file, pair) ?? (s.attestation ? attestPluginProblem(file, pair) : undefined);
        runs.push({ scenario: s, pair, ...(isDefaultPair(file, pair) ? {} : { versions: { ...pair } }), ...(blocked ? { blocked } : {}) });
      }
    }
  }
  return { runs, notes };
}

/** Distinct pairs of the runs that can run (the images to build), in first-seen order. */
export function pairsOf(runs: readonly ScenarioRun[]): VersionPair[] {
  const out = new Map<string, VersionPair>();
  for (const r of runs) if (!r.blocked) out.set(pairLabel(r.pair), r.pair);
  return [...out.values()];
}

/** Folder name for a pair's artifacts ("spark-3.5.9_hadoop-3.4.3"); the default pair keeps the run folder itself. */
export function pairDirName(p: VersionPair): string {
  return `spark-${p.spark}_hadoop-${p.hadoop}`;
}

/** The pairs a selection names on its own (no scenario): the cross product, the default filling a missing side. */
export function selectedPairs(file: ManifestFile, selection: VersionSelection = {}): VersionPair[] {
  const out: VersionPair[] = [];
  for (const spark of selection.spark ?? [file.defaultPair.spark]) for (const hadoop of selection.hadoop ?? [file.defaultPair.hadoop]) out.push({ spark, hadoop });
  return out;
}
