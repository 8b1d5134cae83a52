// The results of a run: per scenario its verdict, each check with evidence, and where its artifacts are.
import type { AuditReport } from "../audit/audit-result.ts";
import type { Validity } from "../checkers/checker.ts";

export type Verdict = "pass" | "fail" | "unknown";

export interface CheckOutcome {
  name: string;
  kind: string;
  valid: Validity;
  message: string;
  evidence?: Record<string, unknown>;
}

/** What a scenario shows when its test passes: a defence that held, a weakness reproduced, or a control. */
export const FINDING_KINDS = ["defended", "vulnerable", "documented-weakness", "control", "baseline"] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** The scenario's finding, as its file states it (copied into results.json). */
export interface Finding {
  kind: FindingKind;
  /** Scenario name(s) of its control: the same attack with the defence off (or the contrast that shows the defence). */
  control?: string | string[];
  /** How to close a vulnerable finding or documented weakness. */
  fix?: string;
  /** Name of the checker whose message is the one-line evidence. */
  evidence?: string;
}

export interface ScenarioResult {
  name: string;
  description: string;
  profile: string;
  verdict: Verdict;
  /** The finding the scenario reproduces when it passes; absent for scenarios that state none. */
  finding?: Finding;
  checks: CheckOutcome[];
  /** Set when the scenario could not run to the end (cluster failed, interrupted, …). */
  error?: string;
  seconds: number;
  /** Folder of this scenario's artifacts, relative to the run folder. */
  artifacts: string;
  /** Which repetition this is (1…N) when the run repeats scenarios (`run --repeat N`); absent otherwise. */
  repeat?: number;
  /** The version pair it ran on (e.g. { spark: "3.5.6", hadoop: "3.4.3" }); absent = the run's default pair. */
  versions?: Record<string, string>;
  /** Set when the verdict rests on an emulated layer ("cca-ima": the CCA attestation hardware and the kernel's IMA are
   *  emulated): it shows the verifier's, the plugin's and YARN's/Spark's logic, not what real hardware protects. */
  emulated?: "cca-ima";
  /** The releases the scenario pins itself (e.g. { spark: "3.2.1" }, exact); absent when it pins none. A control's pin wins over its attack's pair. */
  pinned?: Record<string, string>;
  /** Which generated secrets the scenario's packet captures carry (kept as recorded: they are evidence), by kind
   *  and sha256 prefix; absent when nothing was captured. */
  capturedSecrets?: { pcaps: string[]; sightings: CapturedSecretSighting[]; problem?: string };
}

export interface CapturedSecretSighting {
  pcap: string;
  kind: string;
  sha256Prefix: string;
  count: number;
}

export interface RunResults {
  runId: string;
  startedAt: string;
  endedAt: string;
  interrupted: boolean;
  versions: Record<string, string>;
  scenarios: ScenarioResult[];
  /** What changed since the baseline run (`run --baseline`); absent without one. */
  baseline?: BaselineSection;
  /** Set when this run is one part of a sharded selection (`run --shard I/N`): which part, and of what. */
  shard?: ShardRecord;
  /** Set on a run `merge` joined from shards: the shards' runs. */
  merged?: { count: number; shards: Array<{ index: number; runId: string; dir: string }> };
  /** A posture audit of the cluster the run used (`shieldlab audit`); absent when none was made. */
  audit?: AuditReport;
}

/** What a shard's results.json records so that `merge` can check the shards are one complete, consistent split. */
export interface ShardRecord {
  /** I of --shard I/N (from 1). */
  index: number;
  /** N of --shard I/N. */
  count: number;
  /** The scenario names this shard was given (rows may be missing when it ended early). */
  scenarios: string[];
  /** The whole selection the split was made from: every scenario name (in selection order) and a digest of its runs. */
  selection: { size: number; names: string[]; digest: string };
  /** The split: digest of the assignment (same on every shard of one split), what weighed it, each shard's weight. */
  split: { digest: string; weighting: "durations" | "cluster-size"; weights: number[] };
}

/** Version of the results.json layout; a reader refuses a file with another one (absent = written before it was stamped, same layout). */
export const RESULTS_SCHEMA_VERSION = 1;

/** A verdict over a scenario's repetitions: "unstable" when they disagree. */
export type ComparedVerdict = Verdict | "unstable";

/** How an entry changed between two runs; "regressed" and "finding-regressed" fail the comparison. */
export const CHANGE_KINDS = ["regressed", "finding-regressed", "unknown", "changed", "finding-changed", "fixed", "finding-fixed", "new", "missing"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** One change of one entry (scenario × version pair, repetitions collapsed) between a baseline and this run. */
export interface RunChange {
  kind: ChangeKind;
  /** The comparison key: the scenario name, with " [spark=…,hadoop=…]" when it ran on a version pair other than the default. */
  key: string;
  name: string;
  versions?: Record<string, string>;
  /** What it was and what it is: "pass", "5/5 pass", "unstable: 3 pass, 2 fail", a finding kind, or "-" when absent. */
  from: string;
  to: string;
  /** One line: "pass → fail", "finding defended → vulnerable", "new: pass", … */
  message: string;
}

/** What changed between two runs. */
export interface RunComparison {
  /** A verdict went from pass to fail, or a defended finding became vulnerable (or a documented weakness). */
  regressed: boolean;
  /** Entries present in both runs. */
  compared: number;
  /** The changes, regressions first. */
  changes: RunChange[];
  /** Context that is no change of an entry, e.g. "default spark 4.0.4 → 4.0.5". */
  notes: string[];
}

/** The `baseline` section of results.json: which run this one was compared with and what changed. */
export interface BaselineSection extends RunComparison {
  /** The baseline's results.json (a real path: "artifacts/latest" resolved to the run it pointed at). */
  from: string;
  runId: string;
}

export function verdictOf(valid: Validity): Verdict {
  return valid === true ? "pass" : valid === false ? "fail" : "unknown";
}

export function summarize(r: RunResults): Record<Verdict, number> {
  const out: Record<Verdict, number> = { pass: 0, fail: 0, unknown: 0 };
  for (const s of r.scenarios) out[s.verdict]++;
  return out;
}

/** A run passes only when every scenario passes: unknown is never a pass. */
export function runPassed(r: RunResults): boolean {
  return r.scenarios.length > 0 && !r.interrupted && r.scenarios.every((s) => s.verdict === "pass");
}
