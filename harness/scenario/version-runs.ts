// Which version pairs each scenario runs on: its own pin (`versions: { spark: "3.2.1" }`) wins for what it pins; the
// rest comes from the run's selection (--spark/--hadoop, a --matrix axis, or the matrix pairs of a bare `@matrix`) or
// the manifest's default pair.
import { releasesOf, type ManifestFile, type VersionPair } from "../images/manifest.ts";
import { standaloneOnlyProblem, attestPluginProblem, compareVersions, isDefaultPair, pairLabel, pairProblem, resolveVersion, type Component } from "../images/version-pair.ts";
import { profileProblem } from "./release-features.ts";
import type { Scenario } from "./scenario-schema.ts";

/**
 * The run's requested releases per component, already resolved to exact versions (several = a matrix axis, crossed);
 * or `pairs`: an explicit list of pairs (a suite's matrix), which a scenario's own pin still overrides.
 */
export type VersionSelection = Partial<Record<Component, string[]>> & { pairs?: VersionPair[] };

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
    const candidates: VersionPair[] = selection.pairs
      ? pinnedPairs(file, s, selection.pairs, notes)
      : axis("spark").flatMap((spark) => axis("hadoop").map((hadoop) => ({ spark, hadoop })));
    const seen = new Set<string>();
    for (const pair of candidates) {
      if (seen.has(pairLabel(pair))) continue;
      seen.add(pairLabel(pair));
      const blocked =
        (s.topology?.manager === "standalone" ? undefined : standaloneOnlyProblem(file, pair)) ??
        (s.topology?.manager === "standalone" ? undefined : pairProblem(file, pair)) ??
        (s.attestation ? attestPluginProblem(file, pair) : undefined) ??
        profileProblem(s.profile, pair.spark);
      runs.push({ scenario: s, pair, ...(isDefaultPair(file, pair) ? {} : { versions: { ...pair } }), ...(blocked ? { blocked } : {}) });
    }
  }
  return { runs, notes };
}

/** An explicit pair list with the scenario's pins put in (a pinned component replaces the list's); notes the override once. */
function pinnedPairs(file: ManifestFile, s: Scenario, pairs: readonly VersionPair[], notes: string[]): VersionPair[] {
  const pin: Partial<Record<Component, string>> = {};
  for (const k of ["spark", "hadoop"] as const) {
    const p = s.versions?.[k];
    if (p === undefined) continue;
    pin[k] = resolveVersion(file, k, p, `${s.name}: versions.${k}`);
    const asked = [...new Set(pairs.map((x) => x[k]))];
    if (asked.some((v) => v !== pin[k])) notes.push(`${s.name} pins ${k} ${pin[k]}; the run's ${k} ${asked.join(", ")} is not applied to it`);
  }
  return pairs.map((p) => ({ spark: pin.spark ?? p.spark, hadoop: pin.hadoop ?? p.hadoop }));
}

/** The releases a scenario pins itself, as they resolved on `pair` (what results record as `pinned`); undefined without a pin. */
export function pinnedOf(s: Pick<Scenario, "versions">, pair: VersionPair): Record<string, string> | undefined {
  const keys = (["spark", "hadoop"] as const).filter((k) => s.versions?.[k] !== undefined);
  return keys.length > 0 ? Object.fromEntries(keys.map((k) => [k, pair[k]])) : undefined;
}

/** The suite that, selected without --spark/--hadoop/--matrix, runs on matrixPairs() instead of the default pair. */
export const MATRIX_SUITE = "matrix";

/** Every supported Spark × the default Hadoop, then the default Spark × every other supported Hadoop. */
export function matrixPairs(file: ManifestFile): VersionPair[] {
  const d = file.defaultPair;
  // the matrix is YARN's: releases that run only as a standalone cluster (Spark 2.x) are not on it
  const sparks = releasesOf(file, "spark").filter((r) => !r.standaloneOnly).map((r) => r.version).sort(compareVersions);
  const hadoops = releasesOf(file, "hadoop").map((r) => r.version).sort(compareVersions);
  return [...sparks.map((spark) => ({ spark, hadoop: d.hadoop })), ...hadoops.filter((h) => h !== d.hadoop).map((hadoop) => ({ spark: d.spark, hadoop }))];
}

/**
 * The run's version selection: the flags' when any flag was given; else, when a selector is the matrix suite
 * (`@matrix`), the matrix pairs for every selected scenario; else none (the default pair).
 */
export function selectionFor(file: ManifestFile, selectors: readonly string[], flags: VersionSelection): VersionSelection {
  if (flags.spark || flags.hadoop || flags.pairs) return flags;
  return selectors.includes(`@${MATRIX_SUITE}`) ? { pairs: matrixPairs(file) } : flags;
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

/** The pairs a selection names on its own (no scenario): its explicit pairs, else the cross product, the default filling a missing side. */
export function selectedPairs(file: ManifestFile, selection: VersionSelection = {}): VersionPair[] {
  if (selection.pairs) return [...selection.pairs];
  const out: VersionPair[] = [];
  for (const spark of selection.spark ?? [file.defaultPair.spark]) for (const hadoop of selection.hadoop ?? [file.defaultPair.hadoop]) out.push({ spark, hadoop });
  return out;
}
