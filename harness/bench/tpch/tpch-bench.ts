// `shieldlab bench tpch`: inputs → driver jar → ceiling probes → one real cluster per cluster group (full JIT,
// 2 NodeManagers, the KDC or attestation layer the group needs) → runTpchBench on each → one report in
// artifacts/bench/tpch-<time>/. The ceiling is measured first, with nothing else running, so the CPU breakdown can
// put the cipher's share beside its floor.
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { SEED_IMA_POLICY } from "../../attest/host/attestation-options.ts";
import { AttestationLayer, ATTESTATION_LAYER, type AttestationLayerOptions } from "../../attest/host/attestation-layer.ts";
import { ClusterBuilder } from "../../cluster/cluster-builder.ts";
import type { StartedCluster } from "../../cluster/started-cluster.ts";
import { reap } from "../../engine/reaper.ts";
import { HarnessError } from "../../errors/harness-error.ts";
import { ensureImages } from "../../images/image-set.ts";
import { loadManifest } from "../../images/manifest.ts";
import { KdcLayer } from "../../kdc/kdc-layer.ts";
import { silentLogger, type Logger } from "../../log/logger.ts";
import { artifactsDir } from "../../util/paths.ts";
import { startStep } from "../../util/progress.ts";
import { measureCeiling } from "../ceiling-probes.ts";
import { tpchDockerCluster } from "./tpch-docker-cluster.ts";
import { ensureDriverJar } from "./tpch-driver-jar.ts";
import { TPCHGEN_VERSION } from "./tpch-inputs.ts";
import { planClusters, type ClusterGroup, type ClusterNeed } from "./tpch-profiles.ts";
import { DEFAULT_SPARK_CONF, jfrJavaOptions, prepareInputs, reportInput, runTpchBench, writeTpchReport, type AppRecord, type TpchGroupResult } from "./tpch-runner.ts";
import { tpchPlan, type TpchMode } from "./tpch-stats.ts";
import { SIGKILL_DELAY_KEY, YarnSiteLayer } from "./yarn-site-layer.ts";

/** The tenant every app runs as. */
export const TPCH_TENANT = "alice";
/** With --profile-cpu: time YARN gives an executor between SIGTERM and SIGKILL to write its recording (YARN's default: 250 ms). */
export const JFR_SIGKILL_DELAY_MS = 5000;

export interface TpchBenchOptions {
  scale: number;
  /** absent: the plan's default (SMOKE_QUERIES or DEFAULT_QUERIES) */
  queries?: string[];
  profiles: string[];
  reps?: number;
  /** sequential: timed passes per app (absent: the plan's 2) */
  iters?: number;
  /** dropped rounds first (absent: the plan's default; smoke 0) */
  warmupRounds?: number;
  /** one app per profile per round instead of all side by side */
  sequential?: boolean;
  smoke: boolean;
  profileCpu: boolean;
  seed: number;
  /** the command line, for the report */
  command: string;
  log?: Logger;
}

export interface TpchBenchResult {
  dir: string;
  summary: string;
  /** every answer matched, every app ran, and there was at least one answer to check */
  ok: boolean;
  problems: string[];
}

/** What a group's cluster is made of (the builder is started from it). */
export interface GroupClusterSpec {
  security: unknown;
  kdc: boolean;
  attestation?: AttestationLayerOptions;
  yarnSite?: Record<string, number>;
  /** each NodeManager's memory for containers */
  nodeManagerMb: number;
}

/**
 * YARN memory of one app (DEFAULT_SPARK_CONF, 2 executors): the client-mode AM (512 MB + 384 MB overhead → 1024 in
 * 256 MB steps) and two executors (1 GB + 384 MB → 1536 each).
 */
export const APP_YARN_MB = 1024 + 2 * 1536;
/** What one app takes from this machine's memory at most: the YARN containers' JVMs and the driver's 1 GB heap on the gateway. */
export const APP_HOST_BYTES = 4.5 * 2 ** 30;
/** Kept for the daemons (RM, 2 NMs, KDC), Docker and the page cache of the data. */
export const HOST_RESERVE_BYTES = 4 * 2 ** 30;
/** The topology's default NodeManager memory (MB). */
const DEFAULT_NM_MB = 3072;

/** The most a NodeManager may offer (the topology's limit). */
const MAX_NM_MB = 16384;

/** How many apps may run side by side on a machine with this memory (and within two NodeManagers' limit). */
export function sideBySideCapacity(totalBytes: number): number {
  const byHost = Math.floor((totalBytes - HOST_RESERVE_BYTES) / APP_HOST_BYTES);
  const byYarn = Math.floor((2 * (MAX_NM_MB - 512)) / APP_YARN_MB);
  return Math.max(0, Math.min(byHost, byYarn));
}

/** Side by side unless asked for sequential or the group's apps do not fit in this machine's memory at once. */
export function groupMode(apps: number, o: { sequential?: boolean; totalBytes: number }): { mode: TpchMode; why?: string } {
  if (o.sequential) return { mode: "sequential", why: "--sequential" };
  const fit = sideBySideCapacity(o.totalBytes);
  if (apps > fit) return { mode: "sequential", why: `${apps} apps side by side need about ${((apps * APP_HOST_BYTES + HOST_RESERVE_BYTES) / 2 ** 30).toFixed(0)} GiB; this machine has ${(o.totalBytes / 2 ** 30).toFixed(0)} GiB (room for ${fit})` };
  return { mode: "side-by-side" };
}

export function groupClusterSpec(needs: ClusterNeed, profileCpu: boolean, sideBySideApps = 1): GroupClusterSpec {
  return {
    // two NodeManagers share every app's containers, with 512 MB to spare each
    nodeManagerMb: Math.max(DEFAULT_NM_MB, Math.ceil((sideBySideApps * APP_YARN_MB) / 2 / 512) * 512 + 512),
    // one Kerberized cluster whose daemons take both qualities of protection; each app's client picks its own
    security: needs === "kerberos" ? { profile: "plain", kerberos: { rpcProtection: ["authentication", "privacy"] } } : "plain",
    kdc: needs === "kerberos",
    attestation: needs === "attested" ? { flavour: "cca", imaPolicy: SEED_IMA_POLICY } : undefined,
    yarnSite: profileCpu ? { [SIGKILL_DELAY_KEY]: JFR_SIGKILL_DELAY_MS } : undefined,
  };
}

function startGroupCluster(spec: GroupClusterSpec, image: string, log: Logger): Promise<StartedCluster> {
  return new ClusterBuilder({ image })
    .withTopology({ nodeManagers: 2, tenants: [TPCH_TENANT], nodeManager: { memoryMb: spec.nodeManagerMb, vcores: 4 } })
    .withSecurity(spec.security)
    .withJvmStart("full-jit")
    .withRpcKeystore()
    .withLayer(KdcLayer.of(spec.kdc ? {} : undefined))
    .withLayer(AttestationLayer.of(spec.attestation))
    .withLayer(YarnSiteLayer.of(spec.yarnSite))
    .withLogger(log)
    .start();
}

/** Leaves out the attested group when this Spark cannot carry the attestation plugin (its profiles are listed as skipped). */
export function runnableGroups(groups: ClusterGroup[], pluginProblem: string | undefined): { groups: ClusterGroup[]; skipped: { profile: string; why: string }[] } {
  if (!pluginProblem) return { groups, skipped: [] };
  const skipped = groups.filter((g) => g.needs === "attested").flatMap((g) => g.profiles.filter((p) => p !== g.baseline).map((profile) => ({ profile, why: `no attestation plugin for this Spark: ${pluginProblem}` })));
  return { groups: groups.filter((g) => g.needs !== "attested"), skipped };
}

/** Why a run is not a pass: answers that differ, apps that failed, or nothing checked at all. */
export function runProblems(groups: readonly TpchGroupResult[]): string[] {
  const answers = groups.flatMap((g) => g.answers);
  const bad = answers.filter((a) => !a.valid);
  const failed = groups.flatMap((g) => g.apps.filter((a) => !a.ok));
  const out: string[] = [];
  if (bad.length) out.push(`${bad.length} answer(s) differ: ${bad.map((a) => `${a.profile}/${a.query} (${a.problems[0] ?? "differs"})`).slice(0, 5).join("; ")}`);
  if (failed.length) out.push(`${failed.length} app(s) failed: ${failed.map((a) => `${a.profile} round ${a.round}: ${a.error ?? "failed"}`).slice(0, 3).join("; ")}`);
  if (answers.length === 0) out.push("no answer was checked");
  return out;
}

/** "17/240 query runs (last: io-enc), ~21 min left": the time left at the pace of the last `window` runs (a round's
 * worth: its long and short queries alike), so start-up and the slow first rounds age out of the estimate.
 * `ends`: when each run so far ended, epoch ms. */
export function turnLine(done: number, total: number, profile: string, ends: readonly number[], window: number): string {
  const n = Math.min(Math.max(1, window), ends.length - 1);
  const left = n >= 1 ? ((total - done) * (ends[ends.length - 1]! - ends[ends.length - 1 - n]!)) / n : undefined;
  return `${done}/${total} query runs (last: ${profile})${left === undefined ? "" : `, ~${Math.ceil(left / 60_000)} min left`}`;
}

function progressLine(done: number, total: number, a: AppRecord): string {
  return `${done}/${total}: ${a.profile} round ${a.warmup ? "warm-up" : a.round} ${a.ok ? `${(a.wallMs / 1000).toFixed(0)} s` : `FAILED ${a.error ?? ""}`}`;
}

export async function runTpchBenchCommand(o: TpchBenchOptions): Promise<TpchBenchResult> {
  const log = o.log ?? silentLogger;
  const m = loadManifest();
  const sparkVersion = m.spark.version;
  const planned = planClusters(o.profiles, sparkVersion);
  const pluginProblem = m.pair.spark.attestPlugin === true ? undefined : m.pair.spark.attestPlugin.cannotCarry;
  const { groups, skipped } = runnableGroups(planned.groups, pluginProblem);
  skipped.unshift(...planned.skipped);
  if (groups.length === 0)
    throw new HarnessError("INVALID_INPUT", `--profiles: nothing to run on Spark ${sparkVersion}: ${skipped.map((x) => `${x.profile} (${x.why})`).join("; ")}`, { hint: "e.g. `--profiles plain,auth-gcm`" });
  const dir = join(artifactsDir, "bench", `tpch-${new Date().toISOString().replace(/[:.]/g, "-")}`);
  await reap({ keepLiveOwners: true, keepKept: true });
  const images = await ensureImages();
  const inputsStep = startStep("bench", `TPC-H SF ${o.scale}: data (tpchgen-cli ${TPCHGEN_VERSION}), queries and reference answers`);
  const inputs = await prepareInputs(o.scale, sparkVersion);
  inputsStep.done(inputs.dataKey);
  const jarStep = startStep("bench", `driver jar: fixtures/bench/tpch-driver against ${images.hadoopSpark}'s Spark jars (Java ${m.java.major})`);
  const jar = await ensureDriverJar({ imageTag: images.hadoopSpark, release: m.java.major });
  jarStep.done(jar.built ? `built ${jar.key}` : `cached ${jar.key}`);
  const ceilingStep = startStep("bench", "ceiling: openssl speed, JDK and Node AES-GCM, TLS handshakes (before any cluster starts)");
  const ceiling = await measureCeiling();
  ceilingStep.done(ceiling.jdkAesGcmMBps ? `JDK AES-GCM ${ceiling.jdkAesGcmMBps.toFixed(0)} MB/s` : "JDK probe unavailable");

  const results: TpchGroupResult[] = [];
  const modeNotes: string[] = [];
  for (const [i, g] of groups.entries()) {
    const { mode, why } = groupMode(g.profiles.length, { sequential: o.sequential, totalBytes: totalmem() });
    if (why && !o.sequential) modeNotes.push(`${g.profiles.join(", ")} ran sequentially: ${why}.`);
    const plan = tpchPlan({ mode, smoke: o.smoke, profiles: g.profiles, baseline: g.baseline, queries: o.queries, reps: o.reps, iters: o.iters, warmupRounds: o.warmupRounds, seed: o.seed });
    const groupDir = join(dir, `group-${i + 1}-${g.needs}`);
    const step = startStep("bench", `${g.needs === "any" ? "" : `${g.needs} `}cluster for ${g.profiles.join(", ")}`);
    const cluster = await startGroupCluster(groupClusterSpec(g.needs, o.profileCpu, mode === "side-by-side" ? g.profiles.length : 1), images.hadoopSpark, log);
    step.done(cluster.sessionId);
    try {
      const tc = await tpchDockerCluster(cluster, { tenant: TPCH_TENANT, sparkVersion, driverJar: jar.jarFile, attestationConf: cluster.layer(ATTESTATION_LAYER)?.sparkConf(), logDir: join(groupDir, "submits") });
      const prog = startStep("bench", `${plan.queries.join(",")} under ${plan.profiles.length} profile(s), ${mode === "side-by-side" ? "side by side" : "one app at a time"}`);
      const ends: number[] = [];
      results.push(
        await runTpchBench(tc, plan, inputs, {
          profileCpu: o.profileCpu,
          jdkAesGcmMBps: ceiling.jdkAesGcmMBps,
          outDir: groupDir,
          onApp: (done, total, a) => prog.update(progressLine(done, total, a)),
          onTurn: (done, total, profile) => prog.update(turnLine(done, total, profile, (ends.push(Date.now()), ends), plan.profiles.length * plan.queries.length)),
        }),
      );
      prog.done();
    } finally {
      await cluster.stop();
    }
  }

  const notes = [
    "Container traffic crosses a local Docker bridge on one host, not a real network.",
    o.smoke ? "Smoke run: one round, no warm-up: the answers and the machinery are checked, not the figures." : "",
    ...modeNotes,
    groups.some((g) => g.needs !== "any") ? "Kerberos and attested profiles ran on clusters of their own; their ratios are against that cluster's own baseline." : "",
    groups.some((g) => g.needs === "attested") ? "Attestation rests on the emulated CCA/IMA layer (emulated hardware, real token formats)." : "",
  ].filter(Boolean);
  const jvmOptions = [
    "full JIT: the JVM's defaults (tiered C1 + C2, its own GC choice), no fast-start options",
    ...Object.entries(DEFAULT_SPARK_CONF).map(([k, v]) => `${k}=${v}`),
    "spark.executor.instances=2 spark.executor.cores=1 (the cluster's spark-defaults)",
    ...(o.profileCpu ? [`executors: ${jfrJavaOptions("<profile>[-r<round>]").executor}`, `${SIGKILL_DELAY_KEY}=${JFR_SIGKILL_DELAY_MS}`] : []),
  ];
  const input = reportInput(
    results,
    {
      when: new Date().toISOString(),
      command: o.command,
      scale: o.scale,
      versions: { spark: sparkVersion, hadoop: m.hadoop.version, java: String(m.java.major), image: images.hadoopSpark, node: process.version, tpchgen: TPCHGEN_VERSION, queries: `spark-sql_2.13 ${inputs.queryJarVersion} tests jar`, driverJar: jar.key },
      jvmOptions,
      machine: { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, memoryBytes: totalmem() },
      notes,
    },
    { skipped },
  );
  const summary = writeTpchReport(dir, input, { groups: results, ceiling });
  const problems = runProblems(results);
  return { dir, summary, ok: problems.length === 0, problems };
}
