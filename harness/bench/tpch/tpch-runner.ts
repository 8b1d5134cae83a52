// bench-tpch: the run itself, against an interface the Docker side implements (TpchCluster) — one cluster group
// (see planClusters) per call: every round runs each profile's Spark app once in a seeded order, each app the chosen
// queries; answers are checked on every app, JFR recordings collected when asked. No Docker here: the caller builds
// the cluster (full JIT, the layers a group needs), wraps it, and writes the report with writeTpchReport.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ClusterSecrets } from "../../cluster/cluster-config.ts";
import type { Topology } from "../../cluster/topology.ts";
import { fixturesDir } from "../../util/paths.ts";
import { mean, median } from "../ratio-stats.ts";
import { bytesThroughCipher, cipherFloorSeconds, emptyProfile, extraSeconds, readJfr, shares, type JfrProfile, type TimeWindow } from "./jfr-breakdown.ts";
import { renderFlameGraph } from "./flame-graph.ts";
import { checkAgainstBaseline, checkAgainstReference, isDriverLine, parseDriverOutput, parseReferenceResult, parseStartup, type AnswerCheck, type AppStartup, type QueryRun } from "./tpch-answers.ts";
import { ensureQueries, ensureReferenceAnswers, ensureTpchData, REFERENCE } from "./tpch-inputs.ts";
import type { StartupRow } from "./tpch-report.ts";
import { tpchProfile, tpchProfileConf } from "./tpch-profiles.ts";
import { renderBreakdownChart, renderConsoleSummary, renderRatioChart, renderTpchMarkdown, type AnswerRow, type BreakdownRow, type Noise, type TpchReportInput } from "./tpch-report.ts";
import { analyse, buildSchedule, buildTurns, type TimingSample, type TpchPlan, type Turn } from "./tpch-stats.ts";

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
  submit(o: { mainClass: string; args: string[]; conf: Record<string, string>; timeoutMs: number; onOutput?: (text: string) => void }): Promise<{ exitCode: number; stdout: string; stderr: string; appId?: string }>;
  /** side by side: a fresh folder on the gateway the drivers share (each may write in it), with the schedule from localDir */
  openTurns(localDir: string, remoteDir: string): Promise<void>;
  /** side by side: tells every driver to stop (an "abort" file with the reason) */
  abortTurns(remoteDir: string, why: string): Promise<void>;
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
export const REMOTE = { data: "/opt/shieldlab/tpch/data", queries: "/opt/shieldlab/tpch/queries", jfr: "/tmp/shieldlab-jfr", jfc: "/opt/shieldlab/tpch/shieldlab-cpu.jfc", turns: "/tmp/shieldlab-turns" } as const;

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
  /** the driver's own start-up figures (absent: it printed none) */
  startup?: AppStartup;
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
  /** sequential: after each app */
  onApp?: (done: number, total: number, a: AppRecord) => void;
  /** side by side: after each query run (turn) of any app */
  onTurn?: (done: number, total: number, profile: string) => void;
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

/** Runs one cluster group's plan: places the inputs, runs its apps (side by side or sequential), checks every answer,
 * reads the recordings. */
export async function runTpchBench(cluster: TpchCluster, plan: TpchPlan, inputs: TpchInputs, o: TpchOptions): Promise<TpchGroupResult> {
  await cluster.placeEverywhere(inputs.dataDir, REMOTE.data);
  await cluster.placeEverywhere(inputs.queryDir, REMOTE.queries);
  if (o.profileCpu) {
    const jfc = join(o.outDir, "jfc");
    mkdirSync(jfc, { recursive: true });
    writeFileSync(join(jfc, "shieldlab-cpu.jfc"), readFileSync(JFR_SETTINGS));
    await cluster.placeEverywhere(jfc, REMOTE.jfc.slice(0, REMOTE.jfc.lastIndexOf("/")));
  }
  const ran = plan.mode === "side-by-side" ? await runSideBySide(cluster, plan, o) : await runSequential(cluster, plan, o);
  const apps = ran.map((r) => r.app);
  const answers = checkAnswers(ran, plan, inputs);
  const samples: TimingSample[] = apps
    .filter((a) => a.ok)
    .flatMap((a) =>
      plan.queries.flatMap((q) => {
        const t = a.runs.filter((x) => x.query === q && !x.warmup);
        const sample = (round: number, runs: typeof t): TimingSample => ({ round, profile: a.profile, query: q, ms: mean(runs.map((x) => x.ms)), shuffleBytes: mean(runs.map((x) => x.shuffleReadBytes)), spillBytes: mean(runs.map((x) => x.diskSpillBytes + x.memorySpillBytes)), answerOk: answers.get(`${a.profile}\0${q}`)?.valid });
        // side by side, each timed run is its round's sample; sequential, the mean of the app's timed passes is
        if (plan.mode === "side-by-side") return t.map((x) => sample(x.iteration, [x]));
        return t.length > 0 ? [sample(a.warmup ? -1 : a.round, t)] : [];
      }),
    );
  if (!o.profileCpu) return { plan, apps, samples, answers: [...answers.values()] };
  const { rows, folded } = await breakdownOf(apps.filter((a) => a.ok && !a.warmup), plan, o.jdkAesGcmMBps);
  return { plan, apps, samples, answers: [...answers.values()], breakdown: rows, folded };
}

/** An app as it ran: its record, and the first run of each query with its rows (for the answer checks). */
interface RanApp {
  app: AppRecord;
  firsts: Map<string, QueryRun>;
}

function appConf(cluster: TpchCluster, profile: string, o: TpchOptions, jfrTag: string): Record<string, string> {
  let conf = { ...DEFAULT_SPARK_CONF, ...o.sparkConf, ...tpchProfileConf(profile, cluster) };
  if (o.profileCpu) {
    const j = jfrJavaOptions(jfrTag);
    conf = withJavaOptions(withJavaOptions(conf, "spark.driver.extraJavaOptions", j.driver), "spark.executor.extraJavaOptions", j.executor);
  }
  return conf;
}

function ranApp(planned: { round: number; warmup: boolean; profile: string }, plan: TpchPlan, r: { exitCode: number; stdout: string; stderr: string; appId?: string }, wallMs: number): RanApp {
  const runs = r.exitCode === 0 ? parseDriverOutput(r.stdout) : [];
  const timed = runs.filter((x) => !x.warmup);
  const complete = plan.queries.every((q) => timed.some((x) => x.query === q));
  const firsts = new Map<string, QueryRun>();
  for (const q of plan.queries) {
    const first = timed.find((x) => x.query === q) ?? runs.find((x) => x.query === q);
    if (first) firsts.set(q, first);
  }
  const error = r.exitCode !== 0 ? r.stderr.split("\n").filter((l) => /Exception|ERROR/.test(l)).slice(0, 3).join(" | ") || `exit ${r.exitCode}` : complete ? undefined : "the driver printed no timing for some queries";
  const startup = parseStartup(r.stdout);
  return { app: { ...planned, appId: r.appId, wallMs, ok: r.exitCode === 0 && complete, error, ...(startup ? { startup } : {}), runs: runs.map(({ rows: _rows, ...rest }) => rest), jfrFiles: [] }, firsts };
}

/** One app per profile per round, one after the other, each running the queries in passes. */
async function runSequential(cluster: TpchCluster, plan: TpchPlan, o: TpchOptions): Promise<RanApp[]> {
  const schedule = buildSchedule(plan);
  const out: RanApp[] = [];
  for (const [i, planned] of schedule.entries()) {
    const tag = `${planned.profile}-r${planned.round}`;
    const t0 = Date.now();
    const r = await cluster.submit({ mainClass: TPCH_MAIN_CLASS, args: [REMOTE.data, REMOTE.queries, plan.queries.join(","), String(plan.itersPerApp), String(plan.warmupIters), "full"], conf: appConf(cluster, planned.profile, o, tag), timeoutMs: o.timeoutMs ?? 60 * 60_000 });
    const ran = ranApp(planned, plan, r, Date.now() - t0);
    if (o.profileCpu) ran.app.jfrFiles = await cluster.collect(REMOTE.jfr, join(o.outDir, "jfr", tag));
    out.push(ran);
    o.onApp?.(i + 1, schedule.length, ran.app);
  }
  return out;
}

/** How long a side-by-side app waits for another's turn (or for every app to be up) before it gives up. */
export const TURN_WAIT_MS = 20 * 60_000;

/** The schedule file the drivers read: one turn per line, "<profile> <query> <round>" (round < 0: warm-up). */
export function turnSchedule(turns: readonly Turn[]): string {
  return turns.map((t) => `${t.profile} ${t.query} ${t.round}`).join("\n") + "\n";
}

/** All profiles' apps up at once, taking the turns of buildTurns one query at a time; a failed app stops the others. */
async function runSideBySide(cluster: TpchCluster, plan: TpchPlan, o: TpchOptions): Promise<RanApp[]> {
  const turns = buildTurns(plan);
  const local = join(o.outDir, "turns");
  mkdirSync(local, { recursive: true });
  writeFileSync(join(local, "schedule"), turnSchedule(turns));
  await cluster.openTurns(local, REMOTE.turns);
  let done = 0;
  const t0 = Date.now();
  const ran = await Promise.all(
    plan.profiles.map(async (profile) => {
      let pending = "";
      const r = await cluster.submit({
        mainClass: TPCH_MAIN_CLASS,
        args: [REMOTE.data, REMOTE.queries, plan.queries.join(","), "0", "0", "full", REMOTE.turns, profile, String(TURN_WAIT_MS)],
        conf: appConf(cluster, profile, o, profile),
        timeoutMs: o.timeoutMs ?? 3 * 60 * 60_000,
        onOutput: (text) => {
          const lines = (pending + text).split("\n");
          pending = lines.pop() ?? "";
          for (const line of lines) if (isDriverLine(line)) o.onTurn?.(++done, turns.length, profile);
        },
      });
      // the others would wait for this app's turns until their limit
      if (r.exitCode !== 0) await cluster.abortTurns(REMOTE.turns, `${profile}'s spark-submit exited ${r.exitCode}`).catch(() => undefined);
      return ranApp({ round: 0, warmup: false, profile }, plan, r, Date.now() - t0);
    }),
  );
  if (o.profileCpu) {
    const files = await cluster.collect(REMOTE.jfr, join(o.outDir, "jfr"));
    for (const x of ran) x.app.jfrFiles = files.filter((f) => recordingTag(f) === x.app.profile);
  }
  return ran;
}

/** The tag of a recording named by jfrJavaOptions: "<tag>-driver.jfr" or "<tag>-<executor id>.jfr". */
export function recordingTag(file: string): string | undefined {
  return /([^/]+)-(?:driver|\d+)\.jfr$/.exec(file)?.[1];
}

/** Every app's answers, the baseline's first (warm-up runs included: a wrong answer is a finding whenever it shows);
 * without reference answers, the other profiles are compared with the baseline's first rows. */
function checkAnswers(ran: readonly RanApp[], plan: TpchPlan, inputs: TpchInputs): Map<string, AnswerRow> {
  const sqlOf = new Map(plan.queries.map((q) => [q, readFileSync(join(inputs.queryDir, `${q}.sql`), "utf8")]));
  const references = new Map(inputs.referenceDir ? plan.queries.map((q) => [q, parseReferenceResult(readFileSync(join(inputs.referenceDir!, `${q}.result`), "utf8"), `${q}.result`)]) : []);
  const answers = new Map<string, AnswerRow>();
  const baselineRows = new Map<string, QueryRun>();
  const ordered = [...ran.filter((x) => x.app.profile === plan.baseline), ...ran.filter((x) => x.app.profile !== plan.baseline)];
  for (const { app, firsts } of ordered)
    for (const [q, first] of firsts) {
      const ref = references.get(q);
      const base = baselineRows.get(q);
      if (ref) record(answers, app.profile, q, "reference", checkAgainstReference(first, ref, sqlOf.get(q)!));
      else if (base) record(answers, app.profile, q, "baseline", checkAgainstBaseline(first, base, sqlOf.get(q)!));
      else if (app.profile === plan.baseline) baselineRows.set(q, first);
      else answers.set(`${app.profile}\0${q}`, { profile: app.profile, query: q, against: "baseline", valid: false, problems: [`no ${plan.baseline} answer to compare with (every ${plan.baseline} app failed)`] });
    }
  return answers;
}

/** Keeps one row per profile and query: valid while every check was; the first failing check's problems. */
function record(answers: Map<string, AnswerRow>, profile: string, query: string, against: AnswerRow["against"], check: AnswerCheck): void {
  const key = `${profile}\0${query}`;
  const prev = answers.get(key);
  if (prev && !prev.valid) return;
  answers.set(key, { profile, query, against, valid: check.valid, problems: check.problems });
}

/** The wall-clock windows of the app's timed query runs (its untimed runs, start-up and — side by side — the other
 * apps' turns fall outside), when the driver reported when each query ran. */
export function timedWindows(a: Pick<AppRecord, "runs">): TimeWindow[] | undefined {
  const timed = a.runs.filter((r) => !r.warmup && r.startMs !== undefined && r.endMs !== undefined);
  if (timed.length === 0) return undefined;
  return timed.map((r) => ({ startMs: r.startMs!, endMs: r.endMs! }));
}

/** CPU per profile, cut to each app's timed passes and given per pass (every query once), so that it lines up with
 * the measured time; an app without timestamps (an older driver) counts whole, per app. */
async function breakdownOf(apps: AppRecord[], plan: TpchPlan, jdkAesGcmMBps?: number): Promise<{ rows: BreakdownRow[]; folded: NonNullable<TpchGroupResult["folded"]> }> {
  // one driver per run: either every app has timestamps or none has
  const per: BreakdownRow["per"] = apps.every((a) => timedWindows(a)) ? "timed pass" : "app";
  const profiles = new Map<string, { p: JfrProfile; units: number; recordings: number }>();
  for (const a of apps) {
    const windows = per === "app" ? undefined : timedWindows(a);
    const entry = profiles.get(a.profile) ?? { p: emptyProfile(), units: 0, recordings: 0 };
    for (const f of a.jfrFiles.filter((x) => x.endsWith(".jfr"))) {
      await readJfr(f, { into: entry.p, windows });
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
    startup: startupRows(groups),
    ...extra,
  };
}

/** Each profile's app start-ups (warm-up apps too: every app starts), against its own group's baseline; a later
 * group's baseline (its own cluster's plain) gives no row of its own. */
export function startupRows(groups: readonly TpchGroupResult[]): StartupRow[] {
  const rows: StartupRow[] = [];
  groups.forEach((g, gi) => {
    const of = (profile: string) => g.apps.filter((a) => a.profile === profile && a.startup).map((a) => a.startup!);
    const base = of(g.plan.baseline);
    for (const profile of g.plan.profiles) {
      if (gi > 0 && profile === g.plan.baseline) continue;
      const ups = of(profile);
      if (!ups.length) continue;
      const running = ups.map((u) => u.runningMs);
      rows.push({
        profile,
        baseline: g.plan.baseline,
        ownCluster: gi > 0,
        apps: ups.length,
        registeredMs: median(ups.map((u) => u.registeredMs)),
        runningMs: median(running),
        minMs: Math.min(...running),
        maxMs: Math.max(...running),
        ...(base.length && profile !== g.plan.baseline ? { ratio: median(running) / median(base.map((u) => u.runningMs)) } : {}),
      });
    }
  });
  return rows;
}

/** The first group's baseline totals per measured round and every app's spread between its timed passes. */
export function noiseOf(g: TpchGroupResult): Noise {
  const base = g.samples.filter((s) => s.profile === g.plan.baseline && s.round >= 0);
  const rounds = [...new Set(base.map((s) => s.round))].sort((a, b) => a - b);
  const baselineRoundS = rounds.filter((r) => g.plan.queries.every((q) => base.some((s) => s.round === r && s.query === q))).map((r) => base.filter((s) => s.round === r).reduce((a, s) => a + s.ms, 0) / 1000);
  // side by side, an app's runs are rounds, not passes
  const passSpreads = g.apps
    .filter((a) => a.ok && !a.warmup && g.plan.mode === "sequential")
    .flatMap((a) => {
      const passes = new Map<number, number>();
      for (const r of a.runs.filter((x) => !x.warmup)) passes.set(r.iteration, (passes.get(r.iteration) ?? 0) + r.ms);
      const v = [...passes.values()];
      return v.length >= 2 ? [(Math.max(...v) - Math.min(...v)) / mean(v)] : [];
    });
  return { baseline: g.plan.baseline, baselineRoundS, passSpreads };
}
