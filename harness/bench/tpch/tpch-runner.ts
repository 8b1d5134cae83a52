// bench-tpch: the run itself, against an interface the Docker side implements (TpchCluster) — one cluster group
// (see planClusters) per call: every round runs each profile's Spark app once in a seeded order, each app the chosen
// queries; answers are checked on every app, JFR recordings collected when asked. No Docker here: the caller builds
// the cluster (full JIT, the layers a group needs), wraps it, and writes the report with writeTpchReport.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ClusterSecrets } from "../../cluster/cluster-config.ts";
import type { Topology } from "../../cluster/topology.ts";
import { fixturesDir } from "../../util/paths.ts";
import { mean } from "../ratio-stats.ts";
import { bytesThroughCipher, cipherFloorSeconds, emptyProfile, extraSeconds, readJfr, shares, type JfrProfile, type TimeWindow } from "./jfr-breakdown.ts";
import { renderFlameGraph } from "./flame-graph.ts";
import { checkAgainstBaseline, checkAgainstReference, parseDriverOutput, parseReferenceResult, type AnswerCheck, type QueryRun } from "./tpch-answers.ts";
import { ensureQueries, ensureReferenceAnswers, ensureTpchData, REFERENCE } from "./tpch-inputs.ts";
import { tpchProfile, tpchProfileConf } from "./tpch-profiles.ts";
import { renderBreakdownChart, renderConsoleSummary, renderRatioChart, renderTpchMarkdown, type AnswerRow, type BreakdownRow, type Noise, type TpchReportInput } from "./tpch-report.ts";
import { analyse, buildSchedule, type TimingSample, type TpchPlan } from "./tpch-stats.ts";

/** The driver: fixtures/bench/tpch-driver (kept out of the image's jobs jar until the cluster side of the benchmark is wired: a
 *  new source there changes every hadoop-spark image tag). */
export const TPCH_MAIN_CLASS = "shieldlab.jobs.TpchQueries";
export const JFR_SETTINGS = join(fixturesDir, "bench", "jfr", "shieldlab-cpu.jfc");

/** What the benchmark needs from a started cluster; the Docker side implements it over StartedCluster. */
export interface TpchCluster {
  readonly sparkVersion: string;
  readonly topology: Topology;
  readonly secrets?: ClusterSecrets;
  /** the attestation layer's Spark settings, on an attested cluster */
  readonly attestationConf?: Record<string, string>;
  /** copies a local folder to the same absolute path on the gateway (driver) and on every NodeManager */
  placeEverywhere(localDir: string, remoteDir: string): Promise<void>;
  /** client-mode spark-submit of the jobs jar as the bench tenant; conf is added to the cluster's own */
  submit(o: { mainClass: string; args: string[]; conf: Record<string, string>; timeoutMs: number }): Promise<{ exitCode: number; stdout: string; stderr: string; appId?: string }>;
  /** moves every file under remoteDir on the gateway and each NodeManager into localDir; returns the local paths */
  collect(remoteDir: string, localDir: string): Promise<string[]>;
}

export interface TpchInputs {
  scale: number;
  dataDir: string;
  dataKey: string;
  queryDir: string;
  queryJarVersion: string;
  /** qN.result files, when the scale is the reference answers' scale */
  referenceDir?: string;
}

/** Where inputs live on the nodes (same path on all). */
export const REMOTE = { data: "/opt/shieldlab/tpch/data", queries: "/opt/shieldlab/tpch/queries", jfr: "/tmp/shieldlab-jfr", jfc: "/opt/shieldlab/tpch/shieldlab-cpu.jfc" } as const;

/** Generates or reuses the data, the query text and (at their scale) the reference answers, on this machine. */
export async function prepareInputs(scale: number, sparkVersion: string): Promise<TpchInputs> {
  const data = await ensureTpchData({ scale });
  const q = await ensureQueries(sparkVersion);
  const referenceDir = scale === REFERENCE.scale ? (await ensureReferenceAnswers()).dir : undefined;
  return { scale, dataDir: data.dir, dataKey: data.key, queryDir: q.dir, queryJarVersion: q.jarVersion, referenceDir };
}

/** The JFR options for the driver and the executors (Spark puts {{APP_ID}} and {{EXECUTOR_ID}} into executor options). */
export function jfrJavaOptions(tag: string): { driver: string; executor: string } {
  const rec = (file: string): string => `-XX:StartFlightRecording=settings=${REMOTE.jfc},filename=${REMOTE.jfr}/${file},dumponexit=true -XX:FlightRecorderOptions=repository=${REMOTE.jfr}/repo`;
  return { driver: rec(`${tag}-driver.jfr`), executor: rec(`${tag}-{{EXECUTOR_ID}}.jfr`) };
}

/** Appends Java options to a conf's own (cluster defaults keep their place). */
export function withJavaOptions(conf: Record<string, string>, key: string, extra: string): Record<string, string> {
  return { ...conf, [key]: [conf[key], extra].filter(Boolean).join(" ") };
}

export interface AppRecord {
  round: number;
  warmup: boolean;
  profile: string;
  appId?: string;
  ok: boolean;
  error?: string;
  wallMs: number;
  /** the driver's lines without rows (rows are checked, not kept) */
  runs: Omit<QueryRun, "rows">[];
  jfrFiles: string[];
}

export interface TpchOptions {
  profileCpu: boolean;
  /** the JDK AES-GCM throughput of this host (ceiling-probes.ts), for the cipher's floor */
  jdkAesGcmMBps?: number;
  /** Spark settings for every app (not security: memory, partitions) */
  sparkConf?: Record<string, string>;
  outDir: string;
  timeoutMs?: number;
  onApp?: (done: number, total: number, a: AppRecord) => void;
}

export interface TpchGroupResult {
  plan: TpchPlan;
  apps: AppRecord[];
  samples: TimingSample[];
  answers: AnswerRow[];
  breakdown?: BreakdownRow[];
  /** folded CPU stacks per profile (measured apps), for the flame graphs; not written to JSON */
  folded?: Map<string, { stacks: Map<string, number>; recordings: number }>;
}

export const DEFAULT_SPARK_CONF: Record<string, string> = { "spark.executor.memory": "1g", "spark.driver.memory": "1g" };

/** Runs one cluster group's plan: places the inputs, runs the schedule, checks every answer, reads the recordings. */
export async function runTpchBench(cluster: TpchCluster, plan: TpchPlan, inputs: TpchInputs, o: TpchOptions): Promise<TpchGroupResult> {
  await cluster.placeEverywhere(inputs.dataDir, REMOTE.data);
  await cluster.placeEverywhere(inputs.queryDir, REMOTE.queries);
  if (o.profileCpu) {
    const jfc = join(o.outDir, "jfc");
    mkdirSync(jfc, { recursive: true });
    writeFileSync(join(jfc, "shieldlab-cpu.jfc"), readFileSync(JFR_SETTINGS));
    await cluster.placeEverywhere(jfc, REMOTE.jfc.slice(0, REMOTE.jfc.lastIndexOf("/")));
  }
  const sqlOf = new Map(plan.queries.map((q) => [q, readFileSync(join(inputs.queryDir, `${q}.sql`), "utf8")]));
  const references = new Map(inputs.referenceDir ? plan.queries.map((q) => [q, parseReferenceResult(readFileSync(join(inputs.referenceDir!, `${q}.result`), "utf8"), `${q}.result`)]) : []);
  const baselineRows = new Map<string, QueryRun>();
  const answers = new Map<string, AnswerRow>();
  // apps that ran before the baseline's first rows existed: checked once they do
  const pending: { profile: string; query: string; run: QueryRun }[] = [];
  const schedule = buildSchedule(plan);
  const apps: AppRecord[] = [];
  for (const [i, planned] of schedule.entries()) {
    const tag = `${planned.profile}-r${planned.round}`;
    let conf = { ...DEFAULT_SPARK_CONF, ...o.sparkConf, ...tpchProfileConf(planned.profile, cluster) };
    if (o.profileCpu) {
      const j = jfrJavaOptions(tag);
      conf = withJavaOptions(withJavaOptions(conf, "spark.driver.extraJavaOptions", j.driver), "spark.executor.extraJavaOptions", j.executor);
    }
    const t0 = Date.now();
    const r = await cluster.submit({ mainClass: TPCH_MAIN_CLASS, args: [REMOTE.data, REMOTE.queries, plan.queries.join(","), String(plan.itersPerApp), String(plan.warmupIters), "full"], conf, timeoutMs: o.timeoutMs ?? 60 * 60_000 });
    const runs = r.exitCode === 0 ? parseDriverOutput(r.stdout) : [];
    const timed = runs.filter((x) => !x.warmup);
    const complete = plan.queries.every((q) => timed.some((x) => x.query === q));
    const app: AppRecord = {
      round: planned.round, warmup: planned.warmup, profile: planned.profile, appId: r.appId, wallMs: Date.now() - t0, ok: r.exitCode === 0 && complete,
      error: r.exitCode !== 0 ? r.stderr.split("\n").filter((l) => /Exception|ERROR/.test(l)).slice(0, 3).join(" | ") || `exit ${r.exitCode}` : complete ? undefined : "the driver printed no timing for some queries",
      runs: runs.map(({ rows: _rows, ...rest }) => rest), jfrFiles: [],
    };
    // every app's answers are checked, warm-up included: a wrong answer is a finding whenever it shows
    for (const q of plan.queries) {
      const first = timed.find((x) => x.query === q) ?? runs.find((x) => x.query === q);
      if (!first) continue;
      const ref = references.get(q);
      if (ref) record(answers, planned.profile, q, "reference", checkAgainstReference(first, ref, sqlOf.get(q)!));
      else if (baselineRows.has(q)) record(answers, planned.profile, q, "baseline", checkAgainstBaseline(first, baselineRows.get(q)!, sqlOf.get(q)!));
      else if (planned.profile === plan.baseline) baselineRows.set(q, first);
      else pending.push({ profile: planned.profile, query: q, run: first });
    }
    if (o.profileCpu) app.jfrFiles = await cluster.collect(REMOTE.jfr, join(o.outDir, "jfr", tag));
    apps.push(app);
    o.onApp?.(i + 1, schedule.length, app);
  }
  for (const x of pending) {
    const base = baselineRows.get(x.query);
    if (base) record(answers, x.profile, x.query, "baseline", checkAgainstBaseline(x.run, base, sqlOf.get(x.query)!));
    else answers.set(`${x.profile}\0${x.query}`, { profile: x.profile, query: x.query, against: "baseline", valid: false, problems: [`no ${plan.baseline} answer to compare with (every ${plan.baseline} app failed)`] });
  }
  const samples: TimingSample[] = apps
    .filter((a) => a.ok)
    .flatMap((a) =>
      plan.queries.map((q) => {
        const t = a.runs.filter((x) => x.query === q && !x.warmup);
        return { round: a.warmup ? -1 : a.round, profile: a.profile, query: q, ms: mean(t.map((x) => x.ms)), shuffleBytes: mean(t.map((x) => x.shuffleReadBytes)), spillBytes: mean(t.map((x) => x.diskSpillBytes + x.memorySpillBytes)), answerOk: answers.get(`${a.profile}\0${q}`)?.valid };
      }),
    );
  if (!o.profileCpu) return { plan, apps, samples, answers: [...answers.values()] };
  const { rows, folded } = await breakdownOf(apps.filter((a) => a.ok && !a.warmup), plan, o.jdkAesGcmMBps);
  return { plan, apps, samples, answers: [...answers.values()], breakdown: rows, folded };
}

/** Keeps one row per profile and query: valid while every check was; the first failing check's problems. */
function record(answers: Map<string, AnswerRow>, profile: string, query: string, against: AnswerRow["against"], check: AnswerCheck): void {
  const key = `${profile}\0${query}`;
  const prev = answers.get(key);
  if (prev && !prev.valid) return;
  answers.set(key, { profile, query, against, valid: check.valid, problems: check.problems });
}

/** The app's timed passes as one wall-clock window (its untimed passes and start-up fall outside), when the driver
 * reported when each query ran. */
export function timedWindow(a: Pick<AppRecord, "runs">): TimeWindow | undefined {
  const timed = a.runs.filter((r) => !r.warmup && r.startMs !== undefined && r.endMs !== undefined);
  if (timed.length === 0) return undefined;
  return { startMs: Math.min(...timed.map((r) => r.startMs!)), endMs: Math.max(...timed.map((r) => r.endMs!)) };
}

/** CPU per profile, cut to each app's timed passes and given per pass (every query once), so that it lines up with
 * the measured time; an app without timestamps (an older driver) counts whole, per app. */
async function breakdownOf(apps: AppRecord[], plan: TpchPlan, jdkAesGcmMBps?: number): Promise<{ rows: BreakdownRow[]; folded: NonNullable<TpchGroupResult["folded"]> }> {
  // one driver per run: either every app has timestamps or none has
  const per: BreakdownRow["per"] = apps.every((a) => timedWindow(a)) ? "timed pass" : "app";
  const profiles = new Map<string, { p: JfrProfile; units: number; recordings: number }>();
  for (const a of apps) {
    const window = per === "app" ? undefined : timedWindow(a);
    const entry = profiles.get(a.profile) ?? { p: emptyProfile(), units: 0, recordings: 0 };
    for (const f of a.jfrFiles.filter((x) => x.endsWith(".jfr"))) {
      await readJfr(f, { into: entry.p, window });
      entry.recordings++;
    }
    entry.units += per === "app" ? 1 : new Set(a.runs.filter((r) => !r.warmup).map((r) => r.iteration)).size;
    profiles.set(a.profile, entry);
  }
  const base = profiles.get(plan.baseline);
  const folded = new Map([...profiles].map(([name, e]) => [name, { stacks: e.p.folded, recordings: e.recordings }]));
  const rows = plan.profiles
    .filter((name) => profiles.has(name))
    .map((name): BreakdownRow => {
      const { p, units } = profiles.get(name)!;
      const mine = apps.filter((a) => a.profile === name);
      const timedRuns = mine.flatMap((a) => a.runs.filter((r) => !r.warmup));
      const perUnit = (f: (r: AppRecord["runs"][number]) => number): number => timedRuns.reduce((s, r) => s + f(r), 0) / Math.max(1, units);
      const bytes = bytesThroughCipher(tpchProfile(name).cipher, { shuffleRemoteReadBytes: perUnit((r) => r.shuffleRemoteReadBytes ?? r.shuffleReadBytes), shuffleWriteBytes: perUnit((r) => r.shuffleWriteBytes), diskSpillBytes: perUnit((r) => r.diskSpillBytes) });
      return {
        profile: name,
        apps: mine.length,
        per,
        shares: shares(p),
        extra: name !== plan.baseline && base ? extraSeconds(p, units, base.p, base.units) : undefined,
        cipherFloorS: jdkAesGcmMBps && bytes > 0 ? cipherFloorSeconds(bytes, jdkAesGcmMBps) : undefined,
      };
    });
  return { rows, folded };
}

/** Writes tpch.md, tpch.json (every sample and app), the charts and one flame graph per profile; returns the summary. */
export function writeTpchReport(dir: string, input: TpchReportInput, raw: { groups: TpchGroupResult[]; ceiling?: unknown }): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "tpch.md"), renderTpchMarkdown(input));
  const p = input.context.plan;
  writeFileSync(join(dir, "tpch-ratios.svg"), renderRatioChart(input.ratios, { baseline: p.baseline, queries: p.queries, title: `TPC-H SF ${input.context.scale}: time ratio to ${p.baseline} (95 % intervals over ${p.rounds} rounds)` }));
  if (input.breakdown?.length) {
    writeFileSync(join(dir, "tpch-breakdown.svg"), renderBreakdownChart(input.breakdown, "CPU by category (JFR samples, driver + executors)"));
    for (const [i, g] of raw.groups.entries())
      for (const [profile, f] of g.folded ?? []) {
        // the attested group has its own plain: its graphs carry the group's number
        if (f.stacks.size > 0) writeFileSync(join(dir, `flame-${i === 0 ? "" : `g${i}-`}${profile}.svg`), renderFlameGraph(f.stacks, { title: `${profile}: CPU of ${f.recordings} recording(s), driver and executors` }));
      }
  }
  writeFileSync(join(dir, "tpch.json"), JSON.stringify({ ...input, groups: raw.groups.map((g) => ({ plan: g.plan, apps: g.apps, samples: g.samples, answers: g.answers })), ceiling: raw.ceiling }, null, 2));
  return renderConsoleSummary(input, dir);
}

/** Joins the groups' results into one report input (each group's ratios against its own baseline). */
export function reportInput(groups: TpchGroupResult[], context: Omit<TpchReportInput["context"], "plan">, extra: Pick<TpchReportInput, "skipped"> = {}): TpchReportInput {
  const first = groups[0]!.plan;
  const allProfiles = [...new Set(groups.flatMap((g) => g.plan.profiles))];
  return {
    context: { ...context, plan: { ...first, profiles: allProfiles } },
    ratios: groups.flatMap((g) => analyse(g.samples, g.plan).filter((r) => g === groups[0] || r.profile !== g.plan.baseline || !groups[0]!.plan.profiles.includes(r.profile))),
    answers: groups.flatMap((g) => g.answers),
    breakdown: groups.some((g) => g.breakdown) ? groups.flatMap((g) => g.breakdown ?? []) : undefined,
    failures: groups.flatMap((g) => g.apps.filter((a) => !a.ok).map((a) => ({ round: a.round, profile: a.profile, error: a.error ?? "failed" }))),
    noise: noiseOf(groups[0]!),
    ...extra,
  };
}

/** The first group's baseline totals per measured round and every app's spread between its timed passes. */
export function noiseOf(g: TpchGroupResult): Noise {
  const base = g.samples.filter((s) => s.profile === g.plan.baseline && s.round >= 0);
  const rounds = [...new Set(base.map((s) => s.round))].sort((a, b) => a - b);
  const baselineRoundS = rounds.filter((r) => g.plan.queries.every((q) => base.some((s) => s.round === r && s.query === q))).map((r) => base.filter((s) => s.round === r).reduce((a, s) => a + s.ms, 0) / 1000);
  const passSpreads = g.apps
    .filter((a) => a.ok && !a.warmup)
    .flatMap((a) => {
      const passes = new Map<number, number>();
      for (const r of a.runs.filter((x) => !x.warmup)) passes.set(r.iteration, (passes.get(r.iteration) ?? 0) + r.ms);
      const v = [...passes.values()];
      return v.length >= 2 ? [(Math.max(...v) - Math.min(...v)) / mean(v)] : [];
    });
  return { baseline: g.plan.baseline, baselineRoundS, passSpreads };
}
