import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseTopology } from "../../cluster/topology.ts";
import { fixturesDir } from "../../util/paths.ts";
import { parseDriverOutput } from "./tpch-answers.ts";
import { jfrJavaOptions, REMOTE, reportInput, runTpchBench, timedWindow, TPCH_MAIN_CLASS, withJavaOptions, writeTpchReport, type TpchCluster } from "./tpch-runner.ts";
import type { TpchPlan } from "./tpch-stats.ts";

const dir = join(fixturesDir, "bench", "tpch");
const recorded = parseDriverOutput(readFileSync(join(dir, "driver-sf0.01-spark-4.0.5.txt"), "utf8")).filter((r) => !r.warmup);

/** A cluster without Docker: replays the recorded driver lines, slower by profile, with one profile corrupting q3. */
function fakeCluster(log: { submits: { args: string[]; conf: Record<string, string> }[]; placed: string[] }): TpchCluster {
  const factor: Record<string, number> = { plain: 1, "auth-gcm": 1.25, "io-enc": 1.05 };
  let n = 0;
  return {
    sparkVersion: "4.0.5",
    topology: parseTopology({}, "topology", ["alice"]),
    placeEverywhere: async (_local, remote) => void log.placed.push(remote),
    submit: async ({ mainClass, args, conf }) => {
      expect(mainClass).toBe(TPCH_MAIN_CLASS);
      log.submits.push({ args, conf });
      const profile = conf["spark.io.encryption.enabled"] === "true" ? "io-enc" : conf["spark.network.crypto.enabled"] === "true" ? "auth-gcm" : "plain";
      const [, , queries, iters, warm] = args as [string, string, string, string, string];
      const lines: string[] = ["26/12/07 INFO SparkContext: Running Spark version 4.0.5"];
      for (let it = -Number(warm); it < Number(iters); it++)
        for (const q of queries.split(",")) {
          const r = structuredClone(recorded.find((x) => x.query === q)!);
          r.iteration = it;
          r.warmup = it < 0;
          r.shuffleRemoteReadBytes = r.shuffleReadBytes; // on a cluster, shuffle blocks come from the other executor
          r.ms = r.ms * factor[profile]! * (1 + (n++ % 3) * 0.002);
          if (profile === "io-enc" && q === "q3") r.rows![2]![1] = "1.0000";
          lines.push(`tpch-json ${JSON.stringify(r)}`);
        }
      return { exitCode: 0, stdout: lines.join("\n"), stderr: "", appId: `application_1_${n}` };
    },
    collect: async (_remote, local) => {
      mkdirSync(local, { recursive: true });
      copyFileSync(join(fixturesDir, "bench", "jfr", "workload.jfr"), join(local, "1.jfr"));
      return [join(local, "1.jfr")];
    },
  };
}

const plan: TpchPlan = { profiles: ["plain", "auth-gcm", "io-enc"], baseline: "plain", queries: ["q1", "q3"], rounds: 3, warmupRounds: 1, itersPerApp: 2, warmupIters: 1, seed: 4, target: 0.02 };

describe("timedWindow", () => {
  it("spans the timed passes, not the untimed ones; none without timestamps", () => {
    const run = (warmup: boolean, startMs?: number, endMs?: number) => ({ ...recorded[0]!, warmup, startMs, endMs });
    expect(timedWindow({ runs: [run(true, 100, 200), run(false, 300, 400), run(false, 450, 900)] })).toEqual({ startMs: 300, endMs: 900 });
    expect(timedWindow({ runs: [run(true, 100, 200), run(false)] })).toBeUndefined();
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

  it("JVM options are appended to the cluster's own", () => {
    expect(withJavaOptions({ "spark.driver.extraJavaOptions": "-Xss4m" }, "spark.driver.extraJavaOptions", "-XX:+X")["spark.driver.extraJavaOptions"]).toBe("-Xss4m -XX:+X");
    expect(jfrJavaOptions("plain-r0").driver).toMatch(/^-XX:StartFlightRecording=settings=\/opt\/shieldlab\/tpch\/shieldlab-cpu\.jfc,filename=\/tmp\/shieldlab-jfr\/plain-r0-driver\.jfr,dumponexit=true/);
  });
});
