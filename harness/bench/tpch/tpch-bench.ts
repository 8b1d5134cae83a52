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
import { tpchPlan } from "./tpch-stats.ts";
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
  /** timed passes per app (absent: 1) */
  iters?: number;
  /** dropped rounds first (absent: 1; smoke 0) */
  warmupRounds?: number;
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
}

export function groupClusterSpec(needs: ClusterNeed, profileCpu: boolean): GroupClusterSpec {
  return {
    // one Kerberized cluster whose daemons take both qualities of protection; each app's client picks its own
    security: needs === "kerberos" ? { profile: "plain", kerberos: { rpcProtection: ["authentication", "privacy"] } } : "plain",
    kdc: needs === "kerberos",
    attestation: needs === "attested" ? { flavour: "cca", imaPolicy: SEED_IMA_POLICY } : undefined,
    yarnSite: profileCpu ? { [SIGKILL_DELAY_KEY]: JFR_SIGKILL_DELAY_MS } : undefined,
  };
}

function startGroupCluster(spec: GroupClusterSpec, image: string, log: Logger): Promise<StartedCluster> {
  return new ClusterBuilder({ image })
    .withTopology({ nodeManagers: 2, tenants: [TPCH_TENANT] })
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
  for (const [i, g] of groups.entries()) {
    const plan = tpchPlan({ smoke: o.smoke, profiles: g.profiles, baseline: g.baseline, queries: o.queries, reps: o.reps, iters: o.iters, warmupRounds: o.warmupRounds, seed: o.seed });
    const groupDir = join(dir, `group-${i + 1}-${g.needs}`);
    const step = startStep("bench", `${g.needs === "any" ? "" : `${g.needs} `}cluster for ${g.profiles.join(", ")}`);
    const cluster = await startGroupCluster(groupClusterSpec(g.needs, o.profileCpu), images.hadoopSpark, log);
    step.done(cluster.sessionId);
    try {
      const tc = await tpchDockerCluster(cluster, { tenant: TPCH_TENANT, sparkVersion, driverJar: jar.jarFile, attestationConf: cluster.layer(ATTESTATION_LAYER)?.sparkConf(), logDir: join(groupDir, "submits") });
      const prog = startStep("bench", `${plan.queries.join(",")} under ${plan.profiles.length} profile(s)`);
      results.push(await runTpchBench(tc, plan, inputs, { profileCpu: o.profileCpu, jdkAesGcmMBps: ceiling.jdkAesGcmMBps, outDir: groupDir, onApp: (done, total, a) => prog.update(progressLine(done, total, a)) }));
      prog.done();
    } finally {
      await cluster.stop();
    }
  }

  const notes = [
    "Container traffic crosses a local Docker bridge on one host, not a real network.",
    o.smoke ? "Smoke run: one round, no warm-up: the answers and the machinery are checked, not the figures." : "",
    groups.some((g) => g.needs !== "any") ? "Kerberos and attested profiles ran on clusters of their own; their ratios are against that cluster's own baseline." : "",
    groups.some((g) => g.needs === "attested") ? "Attestation rests on the emulated CCA/IMA layer (emulated hardware, real token formats)." : "",
  ].filter(Boolean);
  const jvmOptions = [
    "full JIT: the JVM's defaults (tiered C1 + C2, its own GC choice), no fast-start options",
    ...Object.entries(DEFAULT_SPARK_CONF).map(([k, v]) => `${k}=${v}`),
    "spark.executor.instances=2 spark.executor.cores=1 (the cluster's spark-defaults)",
    ...(o.profileCpu ? [`executors: ${jfrJavaOptions("<profile>-r<round>").executor}`, `${SIGKILL_DELAY_KEY}=${JFR_SIGKILL_DELAY_MS}`] : []),
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
