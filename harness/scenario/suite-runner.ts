// Runs scenarios: one cluster per distinct version pair + topology + profile, scenarios in turn (repeats interleaved), reports after each one;
// with a target (`run --target`), all of them on the one cluster it describes instead (target-suite.ts).
// Teardown always happens — on failure and on interruption too — and artifacts are kept.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ClusterBuilder } from "../cluster/cluster-builder.ts";
import { needsKeystore } from "../cluster/security-profile.ts";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import { isHarnessError } from "../errors/harness-error.ts";
import { asEngineError, engineProblem } from "../engine/docker-engine.ts";
import { reap } from "../engine/reaper.ts";
import { ensureImages } from "../images/image-set.ts";
import { loadManifest, manifestFor } from "../images/manifest.ts";
import { StandaloneClusterBuilder } from "../standalone/standalone-builder.ts";
import { markerJar } from "../standalone/marker-jar.ts";
import type { Logger } from "../log/logger.ts";
import type { RunResults, ScenarioResult, ShardRecord } from "../report/results-model.ts";
import { startStep } from "../util/progress.ts";
import { applySparkProfile, yarnSideOf } from "../spark/spark-profile.ts";
import { runScenario } from "./scenario-runner.ts";
import { newRunRecord, notRunRow } from "./run-record.ts";
import { runOnTarget, type TargetSuiteOptions } from "./target-suite.ts";
import { clusterAttestation } from "../attest/host/attestation-options.ts";
import { AttestationLayer } from "../attest/host/attestation-layer.ts";
import { KdcLayer } from "../kdc/kdc-layer.ts";
import type { ScenarioLoadFailure } from "./scenario-loader.ts";
import type { Scenario } from "./scenario-schema.ts";
import type { VersionPair } from "../images/manifest.ts";
import { pairLabel } from "../images/version-pair.ts";
import { expandRuns, pairDirName, pairsOf, pinnedOf, type VersionSelection } from "./version-runs.ts";

export interface SuiteOptions {
  runId: string;
  runDir: string;
  log: Logger;
  signal: AbortSignal;
  /** Leave the last cluster running (labelled keep) for poking. */
  keep?: boolean;
  /** Run each scenario this many times (default 1), interleaved on its cluster: A B A B, not A A B B. */
  repeat?: number;
  /** Selected scenario files that did not load: each becomes an "unknown" row with its load error. */
  unloadable?: ScenarioLoadFailure[];
  /** Releases to run on (--spark/--hadoop/--matrix), exact versions; absent = the manifest's default pair. */
  versions?: VersionSelection;
  /** Clusters that run side by side, each with its own scenarios (default 1: one cluster at a time). */
  lanes?: number;
  /** This run is one part of a sharded selection (`run --shard I/N`): recorded in results.json for `merge`. */
  shard?: ShardRecord;
  /** `run --target`: every scenario on the one cluster a target file describes; no cluster is built (target-suite.ts). */
  target?: Pick<TargetSuiteOptions, "targetName" | "attach" | "allowDestructive" | "gatewayVersions">;
}

/** Scenarios with the same key share a cluster: the topology, the YARN side of the profile, the attestation layer. */
export function clusterKey(s: Scenario): string {
  // standalone: every Spark setting is the cluster's (one spark-defaults.conf, the one secret), so the whole profile is
  if (s.topology.manager === "standalone") return JSON.stringify({ topology: s.topology, profile: { ...s.profile, name: undefined } });
  return JSON.stringify({ topology: s.topology, yarn: yarnSideOf(s.profile), attestation: clusterAttestation(s.attestation) });
}

/** Starts the cluster a group of scenarios shares: YARN (with its layers) or a Spark standalone cluster. */
async function startGroupCluster(first: Scenario, group: readonly Scenario[], image: string, pair: VersionPair, o: { keep: boolean; log: Logger; logDir: string }): Promise<StartedCluster> {
  if (first.topology.manager === "standalone") {
    const mp = manifestFor(loadManifest(), pair);
    const { name: _name, ...settings } = first.profile;
    return new StandaloneClusterBuilder({ image, sparkVersion: mp.spark.version, scala: mp.spark.scala, javaMajor: mp.java.major, markerJar: await markerJar(o.logDir) })
      .withTopology(first.topology)
      .withSecurity({ profile: "plain", ...settings })
      .withKeep(o.keep)
      .withLogger(o.log)
      .start();
  }
  const yarnSide = yarnSideOf(first.profile);
  return new ClusterBuilder({ image })
    .withTopology(first.topology)
    .withSecurity({ profile: "plain", ...yarnSide })
    .withRpcKeystore(group.some((s) => needsKeystore(s.profile)))
    .withLayer(KdcLayer.of(yarnSide.kerberos))
    .withLayer(AttestationLayer.of(clusterAttestation(first.attestation)))
    .withKeep(o.keep)
    .withLogger(o.log)
    .start();
}

/** Runs whose pair's image failed to build (unknown, with the build's error) apart from the ones that can run. */
export function splitUnbuilt<R extends { scenario: Scenario; pair: VersionPair; blocked?: string }>(
  runs: readonly R[],
  failed: ReadonlyMap<string, string>,
): { runnable: R[]; unbuilt: Array<R & { why: string }> } {
  const runnable: R[] = [];
  const unbuilt: Array<R & { why: string }> = [];
  for (const r of runs) {
    const error = r.blocked ? undefined : failed.get(pairLabel(r.pair));
    if (error === undefined) runnable.push(r);
    else unbuilt.push({ ...r, why: `not run: the image of ${pairLabel(r.pair)} could not be built: ${error} (build logs: artifacts/image-builds/)` });
  }
  return { runnable, unbuilt };
}

/** Clusters per version pair: the same key on two pairs is two clusters, each on its pair's image. */
export function groupByCluster(runs: ReadonlyArray<{ scenario: Scenario; pair: VersionPair; blocked?: string }>): Map<string, { pair: VersionPair; scenarios: Scenario[] }> {
  const groups = new Map<string, { pair: VersionPair; scenarios: Scenario[] }>();
  for (const r of runs) {
    if (r.blocked) continue;
    const key = `${pairLabel(r.pair)} ${clusterKey(r.scenario)}`;
    const g = groups.get(key) ?? { pair: r.pair, scenarios: [] };
    g.scenarios.push(r.scenario);
    groups.set(key, g);
  }
  return groups;
}

/** The order scenarios run on one cluster: round by round (A B A B …), so an order effect between them shows as instability. */
export function repeatOrder<T>(group: readonly T[], repeat: number): { item: T; round: number }[] {
  return Array.from({ length: repeat }, (_, i) => group.map((item) => ({ item, round: i + 1 }))).flat();
}

const notRun = notRunRow;

/** A thrown error as one readable message (a lost engine connection says so). */
function messageOf(e: unknown): string {
  const err = asEngineError(e);
  return isHarnessError(err) ? err.describe() : err instanceof Error ? (err.stack ?? err.message) : String(err);
}

export async function runSuite(scenarios: Scenario[], o: SuiteOptions): Promise<RunResults> {
  if (o.target) return runOnTarget(scenarios, { runId: o.runId, runDir: o.runDir, log: o.log, signal: o.signal, repeat: o.repeat, unloadable: o.unloadable, shard: o.shard, ...o.target });
  const repeat = o.repeat ?? 1;
  const m = loadManifest();
  const { results, save } = newRunRecord(o, { hadoop: m.hadoop.version, spark: m.spark.version, debian: m.debian.suite, node: process.version });
  // version pairs: each (scenario, pair) to run; a pair other than the default writes into spark-…_hadoop-…/ and records its versions
  const expanded = expandRuns(m, scenarios, o.versions);
  const versionsOf = new Map(expanded.runs.map((x) => [pairLabel(x.pair), x.versions]));
  const pairVersions = (p: VersionPair): Record<string, string> | undefined => versionsOf.get(pairLabel(p));
  // with repeats, repetition k of a scenario writes into repeat-k/<scenario>/
  const where = (round: number, pair: VersionPair = m.defaultPair): { runDir: string; prefix: string; repeat?: number } => {
    const p = pairVersions(pair) ? `${pairDirName(pair)}/` : "";
    const r = repeat > 1 ? `repeat-${round}/` : "";
    return { runDir: join(o.runDir, r, p), prefix: `${r}${p}`, ...(repeat > 1 ? { repeat: round } : {}) };
  };
  const skip = (s: Scenario, round: number, why: string, pair: VersionPair = m.defaultPair): void => {
    const w = where(round, pair);
    const v = pairVersions(pair);
    const pinned = pinnedOf(s, pair);
    results.scenarios.push({ ...notRun(s, s.profile.name, why, w.repeat, `${w.prefix}${s.name}`), ...(v ? { versions: v } : {}), ...(pinned ? { pinned } : {}) });
  };
  for (const f of o.unloadable ?? []) results.scenarios.push(notRun({ name: f.name, description: "(does not load)" }, "-", f.error.message, undefined, f.name));
  save();

  // a pair that cannot run a scenario (Java mismatch, no attestation plugin) makes it unknown with the reason, never pass
  for (const x of expanded.runs.filter((x) => x.blocked)) for (let round = 1; round <= repeat; round++) skip(x.scenario, round, `not run: ${x.blocked}`, x.pair);
  const pairs = pairsOf(expanded.runs);
  // nothing that can run (an empty shard, every pair blocked): a valid run that never touches the engine
  if (pairs.length === 0) {
    save();
    return results;
  }
  try {
    const reaped = await reap({ keepLiveOwners: true, keepKept: true });
    if (reaped.containers.length + reaped.networks.length > 0)
      o.log.info({ containers: reaped.containers, networks: reaped.networks }, "removed leftovers of earlier runs");
  } catch (e) {
    throw asEngineError(e);
  }
  const images = await ensureImages({ pairs, keepGoing: true }).catch((e: unknown) => {
    throw asEngineError(e);
  });
  // the default pair's image, when it was asked for and built (another pair's image would misname the versions)
  const defaultImage = images.byPair.get(pairLabel(m.defaultPair));
  if (defaultImage) Object.assign(results.versions, { image: defaultImage });
  // a pair whose image did not build: its runs are unknown with the build's error; every other pair still runs
  const { runnable, unbuilt } = splitUnbuilt(expanded.runs, images.failed);
  for (const x of unbuilt) for (let round = 1; round <= repeat; round++) skip(x.scenario, round, x.why, x.pair);
  if (unbuilt.length > 0) save();

  const clusterGroups = groupByCluster(runnable);

  // once the engine stops answering, nothing else can run: the rest is "unknown" with that reason, without waiting on timeouts
  let engineLost: string | undefined;
  const engineGone = (): string => `not run: the Docker engine stopped answering (${engineLost})`;

  // each cluster group's rows keep their place in the report whichever lane finishes first
  const place = new WeakMap<ScenarioResult, number>();
  let placed = 0;
  const runGroup = async ({ pair, scenarios: group }: { pair: VersionPair; scenarios: Scenario[] }, groupIndex: number): Promise<void> => {
    const order = repeatOrder(group, repeat);
    const base = (placed += order.length) - order.length;
    const push = (r: ScenarioResult, i: number): void => {
      place.set(r, base + i);
      results.scenarios.push(r);
    };
    // a row for the i-th run of this group that did not run, in its planned place
    const skipAt = (s: Scenario, round: number, why: string, i: number): void => {
      skip(s, round, why, pair);
      place.set(results.scenarios.at(-1)!, base + i);
    };
    if (o.signal.aborted || engineLost) {
      order.forEach(({ item, round }, i) => skipAt(item, round, engineLost ? engineGone() : "interrupted before it started", i));
      return;
    }
    const first = group[0]!;
    const keepThis = o.keep === true && groupIndex === clusterGroups.size;
    const yarnSide = yarnSideOf(first.profile);
    const standalone = first.topology.manager === "standalone";
    const step = startStep(
      "cluster",
      standalone
        ? `${pairVersions(pair) ? `[spark=${pair.spark}] ` : ""}standalone: master + ${first.topology.workers ?? 1} worker(s), ${first.profile.name}${first.topology.rest && first.topology.rest !== "default" ? `, REST ${first.topology.rest}` : ""} (${group.length} scenario(s)${repeat > 1 ? ` × ${repeat}` : ""})`
        : `${pairVersions(pair) ? `[${pairLabel(pair)}] ` : ""}${first.topology.nodeManagers} NodeManagers${yarnSide.yarnAcls ? ", YARN ACLs" : ""}${yarnSide.kerberos ? `, Kerberos (rpc ${[yarnSide.kerberos.rpcProtection].flat().join("/")})` : ""}${first.attestation ? `, attested (${first.attestation.flavour})` : ""} (${group.length} scenario(s)${repeat > 1 ? ` × ${repeat}` : ""})`,
    );
    let cluster: StartedCluster | undefined;
    const onAbort = (): void => void cluster?.stop().catch(() => undefined);
    o.signal.addEventListener("abort", onAbort, { once: true });
    try {
      cluster = await startGroupCluster(first, group, images.byPair.get(pairLabel(pair)) ?? images.hadoopSpark, pair, { keep: keepThis, log: o.log, logDir: join(o.runDir, "image-builds") });
      step.done(`session ${cluster.sessionId}`);
    } catch (e) {
      const msg = messageOf(e);
      step.fail(msg.split("\n")[0] ?? "");
      if (isHarnessError(asEngineError(e), "ENGINE_UNAVAILABLE")) engineLost = await engineProblem(3_000);
      order.forEach(({ item: s, round }, i) => {
        const dir = join(where(round, pair).runDir, s.name);
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, "cluster-error.txt"), msg);
        skipAt(s, round, `the cluster did not start: ${msg.split("\n")[0]}`, i);
      });
      o.signal.removeEventListener("abort", onAbort);
      save();
      return;
    }
    // a scenario whose change to the cluster could not be undone (a step's or a layer's), or whose layer evidence could
    // not be fetched, retires it: the rest of the group would inherit the change
    let dirty: string | undefined;
    try {
      for (const [i, { item: s, round }] of order.entries()) {
        if (o.signal.aborted || engineLost) {
          skipAt(s, round, engineLost ? engineGone() : "interrupted before it started", i);
          continue;
        }
        if (dirty) {
          skipAt(s, round, `not run: the cluster could not be put back after ${dirty}`, i);
          continue;
        }
        const w = where(round, pair);
        const st = startStep("scenario", `${s.name}${w.repeat ? ` #${w.repeat}` : ""}`);
        // why this scenario left the cluster changed (a step's or a layer's undo failed, a layer's evidence not fetched)
        const left: string[] = [];
        // a harness bug in one scenario is that scenario's "unknown", never the end of the run
        const run = async (): Promise<ScenarioResult> => {
          // Spark's side of the profile is per application on YARN: this scenario's spark-defaults.conf on every node
          // (a standalone cluster's settings are its own: the whole profile is in its key)
          if (!standalone) await applySparkProfile(cluster!, s.topology, s.profile);
          return runScenario(s, cluster!, { runDir: w.runDir, signal: o.signal, onProgress: (l) => st.update(l), onClusterDirty: (why) => void left.push(why) });
        };
        const r: ScenarioResult = await run().catch((e: unknown) =>
          notRun(s, s.profile.name, `the harness failed while running it: ${messageOf(e)}`, undefined, s.name),
        );
        if (left.length > 0) dirty = `${s.name} (${left.join("; ")})`;
        if (w.repeat) r.repeat = w.repeat;
        if (w.prefix) r.artifacts = `${w.prefix}${r.artifacts}`;
        if (pairVersions(pair)) r.versions = pairVersions(pair);
        // a control's own pin decides which pair its finding looks for it on
        const pinned = pinnedOf(s, pair);
        if (pinned) r.pinned = pinned;
        if (o.signal.aborted && r.verdict === "pass") r.verdict = "unknown";
        // an unknown result may be the engine going away mid-scenario: ask it, and say so instead of a raw socket error
        if (r.verdict === "unknown" && !o.signal.aborted) {
          engineLost = await engineProblem(5_000);
          if (engineLost) r.error = `the Docker engine stopped answering (${engineLost})${r.error ? `; the scenario saw: ${r.error}` : ""}`;
        }
        push(r, i);
        (r.verdict === "pass" ? st.done : st.fail).call(st, r.verdict.toUpperCase());
        save();
      }
    } finally {
      o.signal.removeEventListener("abort", onAbort);
      if (keepThis && !o.signal.aborted && !engineLost) {
        o.log.info({ session: cluster.sessionId }, "cluster kept running (--keep); remove it with `shieldlab down`");
      } else if (engineLost) {
        o.log.warn({ session: cluster.sessionId, engine: engineLost }, "the Docker engine is gone; its containers cannot be stopped now (`shieldlab down` removes them later)");
      } else {
        // the lane goes on to its next cluster while this one's containers stop (the JVMs' shutdown is mostly waiting);
        // the run ends only when every teardown has
        stopping.push(cluster.stop().catch((e: unknown) => o.log.warn({ session: cluster?.sessionId, err: messageOf(e) }, "cluster teardown failed; `shieldlab down` removes what is left")));
      }
    }
  };
  const stopping: Promise<void>[] = [];
  try {
    await inLanes([...clusterGroups.values()], Math.max(1, o.lanes ?? 1), runGroup);
  } finally {
    await Promise.all(stopping);
  }
  // rows of groups that ran side by side, back in the order the groups were planned (rows without a place stay first)
  const rows = results.scenarios.map((r, i) => ({ r, k: place.get(r) ?? -1, i }));
  results.scenarios = rows.sort((a, b) => a.k - b.k || a.i - b.i).map((x) => x.r);
  save();
  return results;
}

/** Runs `work` on every item, at most `lanes` at a time, items started in order; resolves when all are done. */
export async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i + 1);
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
}

