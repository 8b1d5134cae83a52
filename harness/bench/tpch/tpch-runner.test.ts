import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseTopology } from "../../cluster/topology.ts";
import { fixturesDir } from "../../util/paths.ts";
import { parseDriverOutput } from "./tpch-answers.ts";
import { jfrJavaOptions, REMOTE, reportInput, runTpchBench, startupRows, timedWindows, recordingTag, turnSchedule, TPCH_MAIN_CLASS, withJavaOptions, writeTpchReport, type TpchCluster } from "./tpch-runner.ts";
import type { TpchPlan } from "./tpch-stats.ts";

const dir = join(fixturesDir, "bench", "tpch");
const recorded = parseDriverOutput(readFileSync(join(dir, "driver-sf0.01-spark-4.0.5.txt"), "utf8")).filter((r) => !r.warmup);

/** A cluster without Docker: replays the recorded driver lines, slower by profile, with one profile corrupting q3. */
function fakeCluster(log: { submits: { args: string[]; conf: Record<string, string> }[]; placed: string[]; aborted?: string[] }, fail?: string): TpchCluster {
  const factor: Record<string, number> = { plain: 1, "auth-gcm": 1.25, "io-enc": 1.05 };
  let n = 0;
  let schedule = "";
  const line = (q: string, it: number, profile: string, stamped = false): string => {
    const r = structuredClone(recorded.find((x) => x.query === q)!);
    r.iteration = it;
    r.warmup = it < 0;
    r.shuffleRemoteReadBytes = r.shuffleReadBytes; // on a cluster, shuffle blocks come from the other executor
    r.ms = r.ms * factor[profile]! * (1 + (n++ % 3) * 0.002);
    if (stamped) {
      r.startMs = 1_000 * n;
      r.endMs = 1_000 * n + 500;
    }
    if (profile === "io-enc" && q === "q3") r.rows![2]![1] = "1.0000";
    return `tpch-json ${JSON.stringify(r)}`;
  };
  return {
    openTurns: async (local) => void (schedule = readFileSync(join(local, "schedule"), "utf8")),
    abortTurns: async (_remote, why) => void log.aborted?.push(why),
    sparkVersion: "4.0.5",
    topology: parseTopology({}, "topology", ["alice"]),
    placeEverywhere: async (_local, remote) => void log.placed.push(remote),
    submit: async ({ mainClass, args, conf, onOutput }) => {
      expect(mainClass).toBe(TPCH_MAIN_CLASS);
      log.submits.push({ args, conf });
      const profile = conf["spark.io.encryption.enabled"] === "true" ? "io-enc" : conf["spark.network.crypto.enabled"] === "true" ? "auth-gcm" : "plain";
      const [, , queries, iters, warm, , turnDir, tag] = args as string[];
      const lines: string[] = ["26/12/07 INFO SparkContext: Running Spark version 4.0.5"];
      if (turnDir) {
        expect(tag).toBe(profile);
        if (profile === fail) return { exitCode: 1, stdout: "", stderr: "ERROR boom", appId: "application_1_9" };
        for (const t of schedule.trim().split("\n").map((l) => l.split(" "))) if (t[0] === tag) lines.push(line(t[1]!, Number(t[2]), profile, true));
      } else for (let it = -Number(warm); it < Number(iters!); it++) for (const q of queries!.split(",")) lines.push(line(q, it, profile));
      onOutput?.(lines.join("\n") + "\n");
      return { exitCode: 0, stdout: lines.join("\n"), stderr: "", appId: `application_1_${n}` };
    },
    collect: async (_remote, local) => {
      mkdirSync(local, { recursive: true });
      if (schedule === "") {
        copyFileSync(join(fixturesDir, "bench", "jfr", "workload.jfr"), join(local, "1.jfr"));
        return [join(local, "1.jfr")];
      }
      // side by side: every app's recordings at once, named by tag
      return ["plain", "auth-gcm", "io-enc"].map((p) => {
        copyFileSync(join(fixturesDir, "bench", "jfr", "workload.jfr"), join(local, `${p}-driver.jfr`));
        return join(local, `${p}-driver.jfr`);
      });
    },
  };
}

const plan: TpchPlan = { mode: "sequential", profiles: ["plain", "auth-gcm", "io-enc"], baseline: "plain", queries: ["q1", "q3"], rounds: 3, warmupRounds: 1, itersPerApp: 2, warmupIters: 1, seed: 4, target: 0.02 };

describe("timedWindows", () => {
  it("one window per timed run, none for the untimed ones; none without timestamps", () => {
    const run = (warmup: boolean, startMs?: number, endMs?: number) => ({ ...recorded[0]!, warmup, startMs, endMs });
    expect(timedWindows({ runs: [run(true, 100, 200), run(false, 300, 400), run(false, 450, 900)] })).toEqual([{ startMs: 300, endMs: 400 }, { startMs: 450, endMs: 900 }]);
    expect(timedWindows({ runs: [run(true, 100, 200), run(false)] })).toBeUndefined();
  });
  it("a recording's tag is its name less -driver or -<executor id>", () => {
    expect(recordingTag("/x/nm-1/auth-gcm-2.jfr")).toBe("auth-gcm");
    expect(recordingTag("/x/gateway/auth-driver.jfr")).toBe("auth");
    expect(recordingTag("/x/repo/chunk.jfr")).toBeUndefined();
  });
});

describe("runTpchBench (against a fake cluster)", () => {
  it("runs the schedule, checks every answer against the reference, finds the corrupted one, reads the recordings, writes the report", { timeout: 60_000 }, async () => {
    const log = { submits: [] as { args: string[]; conf: Record<string, string> }[], placed: [] as string[] };
    const out = mkdtempSync(join(tmpdir(), "tpch-run-"));
    const inputs = { scale: 0.01, dataDir: "/nonexistent", dataKey: "k", queryDir: join(dir, "queries"), queryJarVersion: "4.0.4", referenceDir: join(dir, "reference") };
    const g = await runTpchBench(fakeCluster(log), plan, inputs, { profileCpu: true, jdkAesGcmMBps: 4300, outDir: out });
    expect(log.placed).toEqual([REMOTE.data, REMOTE.queries, "/opt/shieldlab/tpch"]);
    expect(log.submits).toHaveLength(12);
    expect(log.submits[0]!.args).toEqual([REMOTE.data, REMOTE.queries, "q1,q3", "2", "1", "full"]);
    expect(log.submits[0]!.conf["spark.executor.extraJavaOptions"]).toContain("{{EXECUTOR_ID}}.jfr");
    expect(g.samples.filter((s) => s.round >= 0)).toHaveLength(18);
    expect(g.answers.filter((a) => !a.valid)).toEqual([{ profile: "io-enc", query: "q3", against: "reference", valid: false, problems: [expect.stringMatching(/^row 3: revenue = "1\.0000"/)] }]);
    expect(g.answers).toHaveLength(6);
    expect(g.breakdown?.map((b) => b.profile)).toEqual(["plain", "auth-gcm", "io-enc"]);
    expect(g.breakdown?.[1]!.cipherFloorS).toBeGreaterThan(0);
    expect(g.breakdown?.[0]!.per).toBe("app"); // the recorded driver lines predate their timestamps: whole apps

    const input = reportInput([g], { when: "now", command: "shieldlab bench tpch --smoke", scale: 0.01, versions: { spark: "4.0.5" }, jvmOptions: [], machine: { cpu: "x", cores: 2, memoryBytes: 2 ** 30 } });
    const gcm = input.ratios.find((r) => r.profile === "auth-gcm" && r.query === "total")!;
    expect(gcm.estimate.ratio).toBeCloseTo(1.25, 2);
    expect(input.noise?.baselineRoundS).toHaveLength(3);
    expect(input.noise?.passSpreads).toHaveLength(9); // 3 profiles × 3 measured rounds, 2 timed passes each
    expect(input.noise?.passSpreads.every((x) => x >= 0 && x < 0.05)).toBe(true);
    const summary = writeTpchReport(join(out, "report"), input, { groups: [g] });
    for (const f of ["tpch.md", "tpch.json", "tpch-ratios.svg", "tpch-breakdown.svg", "flame-plain.svg", "flame-auth-gcm.svg"]) expect(existsSync(join(out, "report", f)), f).toBe(true);
    expect(summary).toContain("ANSWERS DIFFER (1): io-enc/q3");
    expect(JSON.parse(readFileSync(join(out, "report", "tpch.json"), "utf8")).groups[0].apps[0].runs[0].rows).toBeUndefined();
  });

  it("without a reference (SF1), the baseline's rows are the reference — also for apps that ran before it", async () => {
    const log = { submits: [] as { args: string[]; conf: Record<string, string> }[], placed: [] as string[] };
    const inputs = { scale: 1, dataDir: "/x", dataKey: "k", queryDir: join(dir, "queries"), queryJarVersion: "4.0.4" };
    const g = await runTpchBench(fakeCluster(log), { ...plan, rounds: 2, warmupRounds: 0, itersPerApp: 1, warmupIters: 0, seed: 2 }, inputs, { profileCpu: false, outDir: mkdtempSync(join(tmpdir(), "tpch-run-")) });
    expect(log.submits[0]!.conf["spark.network.crypto.enabled"] ?? log.submits[0]!.conf["spark.io.encryption.enabled"]).toBe("true"); // seed 2 starts with a non-baseline app
    expect(g.answers.every((a) => a.against === "baseline")).toBe(true);
    expect(g.answers.filter((a) => !a.valid).map((a) => `${a.profile}/${a.query}`)).toEqual(["io-enc/q3"]);
    expect(g.breakdown).toBeUndefined();
  });

  it("side by side: one app per profile with the turn folder and its tag; each timed run is its round's sample; recordings split by tag", { timeout: 60_000 }, async () => {
    const log = { submits: [] as { args: string[]; conf: Record<string, string> }[], placed: [] as string[] };
    const out = mkdtempSync(join(tmpdir(), "tpch-run-"));
    const inputs = { scale: 0.01, dataDir: "/nonexistent", dataKey: "k", queryDir: join(dir, "queries"), queryJarVersion: "4.0.4", referenceDir: join(dir, "reference") };
    const turns: number[] = [];
    const g = await runTpchBench(fakeCluster(log), { ...plan, mode: "side-by-side", itersPerApp: 1, warmupIters: 0 }, inputs, { profileCpu: true, jdkAesGcmMBps: 4300, outDir: out, onTurn: (done) => turns.push(done) });
    expect(log.submits.map((s) => s.args.slice(5, 8))).toEqual(["plain", "auth-gcm", "io-enc"].map((p) => ["full", REMOTE.turns, p]));
    expect(readFileSync(join(out, "turns", "schedule"), "utf8").split("\n")[0]).toMatch(/^(plain|auth-gcm|io-enc) q1 -1$/);
    expect(turns).toHaveLength(3 * 2 * 4);
    expect(g.apps).toHaveLength(3);
    expect(g.samples.filter((s) => s.round >= 0)).toHaveLength(3 * 2 * 3);
    expect(g.samples.filter((s) => s.round < 0)).toHaveLength(0);
    expect(g.answers.filter((a) => !a.valid).map((a) => `${a.profile}/${a.query}`)).toEqual(["io-enc/q3"]);
    expect(g.apps.map((a) => a.jfrFiles.map((f) => f.split("/").at(-1)))).toEqual([["plain-driver.jfr"], ["auth-gcm-driver.jfr"], ["io-enc-driver.jfr"]]);
    expect(g.breakdown?.[0]!.per).toBe("timed pass");
    const input = reportInput([g], { when: "now", command: "x", scale: 0.01, versions: {}, jvmOptions: [], machine: { cpu: "x", cores: 2, memoryBytes: 2 ** 30 } });
    expect(input.ratios.find((r) => r.profile === "auth-gcm" && r.query === "total")!.estimate.ratio).toBeCloseTo(1.25, 2);
    expect(input.noise?.passSpreads).toEqual([]);
  });

  it("side by side: an app that fails stops the others (abort) and is reported", async () => {
    const log = { submits: [] as { args: string[]; conf: Record<string, string> }[], placed: [] as string[], aborted: [] as string[] };
    const inputs = { scale: 1, dataDir: "/x", dataKey: "k", queryDir: join(dir, "queries"), queryJarVersion: "4.0.4" };
    const g = await runTpchBench(fakeCluster(log, "auth-gcm"), { ...plan, mode: "side-by-side" }, inputs, { profileCpu: false, outDir: mkdtempSync(join(tmpdir(), "tpch-run-")) });
    expect(log.aborted).toEqual(["auth-gcm's spark-submit exited 1"]);
    expect(g.apps.find((a) => a.profile === "auth-gcm")).toMatchObject({ ok: false, error: "ERROR boom" });
  });

  it("the turn schedule: one line per turn, profile, query and round", () => {
    expect(turnSchedule([{ round: -1, warmup: true, profile: "plain", query: "q3" }, { round: 0, warmup: false, profile: "io-enc", query: "q3" }])).toBe("plain q3 -1\nio-enc q3 0\n");
  });

  it("JVM options are appended to the cluster's own", () => {
    expect(withJavaOptions({ "spark.driver.extraJavaOptions": "-Xss4m" }, "spark.driver.extraJavaOptions", "-XX:+X")["spark.driver.extraJavaOptions"]).toBe("-Xss4m -XX:+X");
    expect(jfrJavaOptions("plain-r0").driver).toMatch(/^-XX:StartFlightRecording=settings=\/opt\/shieldlab\/tpch\/shieldlab-cpu\.jfc,filename=\/tmp\/shieldlab-jfr\/plain-r0-driver\.jfr,dumponexit=true/);
  });
});

describe("startupRows", () => {
  const up = (runningMs: number) => ({ jvmStartMs: 0, sessionMs: 4000, registeredMs: runningMs - 2000, runningMs, executors: 2 });
  const app = (profile: string, runningMs?: number) => ({ round: 0, warmup: false, profile, ok: true, wallMs: 1, runs: [], jfrFiles: [], ...(runningMs ? { startup: up(runningMs) } : {}) });
  const group = (profiles: string[], apps: ReturnType<typeof app>[]) => ({ plan: { ...plan, profiles }, apps, samples: [], answers: [] });
  it("medians per profile against the same group's baseline; a later group's own baseline gives no row; an app without a line is left out", () => {
    const rows = startupRows([
      group(["plain", "auth-gcm"], [app("plain", 20_000), app("plain", 22_000), app("plain", 30_000), app("auth-gcm", 21_000), app("auth-gcm")]),
      group(["plain", "attested"], [app("plain", 10_000), app("attested", 15_000)]),
    ]);
    expect(rows.map((r) => [r.profile, r.apps, r.runningMs, r.ownCluster, r.ratio])).toEqual([
      ["plain", 3, 22_000, false, undefined],
      ["auth-gcm", 1, 21_000, false, 21 / 22],
      ["attested", 1, 15_000, true, 1.5],
    ]);
    expect(rows[0]).toMatchObject({ minMs: 20_000, maxMs: 30_000, registeredMs: 20_000 });
  });
});

