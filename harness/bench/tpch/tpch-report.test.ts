import { describe, expect, it } from "vitest";
import { emptyProfile, extraSeconds, shares } from "./jfr-breakdown.ts";
import { renderBreakdownChart, renderConsoleSummary, renderRatioChart, renderTpchMarkdown, type TpchReportInput } from "./tpch-report.ts";
import { analyse, type TimingSample, type TpchPlan } from "./tpch-stats.ts";

const plan: TpchPlan = { mode: "sequential", profiles: ["plain", "auth-gcm", "io-enc"], baseline: "plain", queries: ["q3", "q9"], rounds: 4, warmupRounds: 1, itersPerApp: 1, warmupIters: 1, seed: 1, target: 0.02 };
const samples: TimingSample[] = [];
for (let r = 0; r < 4; r++)
  for (const profile of plan.profiles)
    for (const [query, ms] of [["q3", 4000], ["q9", 9000]] as const) {
      const k = profile === "auth-gcm" ? 1.2 : profile === "io-enc" ? 1 + (r % 2 ? 0.2 : -0.2) : 1;
      samples.push({ round: r, profile, query, ms: ms * k * (1 + r * 0.001), shuffleBytes: 5e8, spillBytes: 0 });
    }
const base = emptyProfile();
base.cpuMs.other = 40_000;
const gcm = emptyProfile();
gcm.cpuMs.other = 40_000;
gcm.cpuMs.cipher = 2_000;
gcm.cpuMs.network = 6_000;
const input: TpchReportInput = {
  context: { when: "2026-12-07", command: "shieldlab bench tpch --scale 1", scale: 1, plan, versions: { spark: "4.0.5", hadoop: "3.4.3", java: "17.0.15" }, jvmOptions: ["-XX:+UseG1GC"], machine: { cpu: "Test CPU", cores: 2, memoryBytes: 24 * 2 ** 30 } },
  ratios: analyse(samples, plan),
  answers: [
    { profile: "plain", query: "q3", against: "reference", valid: true, problems: [] },
    { profile: "auth-gcm", query: "q9", against: "baseline", valid: false, problems: ["row 3: revenue = \"1.0\", expected \"2.0\""] },
  ],
  breakdown: [
    { profile: "plain", apps: 4, per: "timed pass", shares: shares(base) },
    { profile: "auth-gcm", apps: 4, per: "timed pass", shares: shares(gcm), extra: extraSeconds(gcm, 4, base, 4), cipherFloorS: 0.25 },
  ],
  skipped: [{ profile: "tls-rpc", why: "needs Spark ≥ 4.0.0" }],
  noise: { baseline: "plain", baselineRoundS: [17.5, 19.6, 20.8], passSpreads: [0.01, 0.031, 0.102] },
};

describe("TPC-H report", () => {
  it("Markdown: totals with intervals and verdicts, per-GB cost, the changed answer as a finding, the breakdown, the setup", () => {
    const md = renderTpchMarkdown(input);
    expect(md).toMatch(/\| auth-gcm \| 1\.200 \| 1\.\d{3}–1\.\d{3} \| slower by 20\.0 %/);
    expect(md).toMatch(/\| io-enc \| 1\.000 \| [\d.]+–[\d.]+ \| too wide to conclude/);
    // 3 rounds of a noisy io-enc: past 50 more rounds the advice is the machine, not a --reps
    expect(md).toMatch(/⚠ \d+ of \d+ total-time interval\(s\) too wide to conclude at ±2\.0 %; the widest would need ≈ \d+ more round\(s\): more rounds will not get there on this machine's noise/);
    const near = renderTpchMarkdown({ ...input, ratios: input.ratios.map((r) => (r.verdict.kind === "too-wide" ? { ...r, verdict: { ...r.verdict, extraRounds: 4 } } : r)) });
    expect(near).toMatch(/the widest needs ≈ 4 more round\(s\) \(`--reps \d+`\)/);
    expect(md).toMatch(/\| auth-gcm \| 1\.200 \|.*\| 15\.6 \| 2\.60 s \(1\.00 GB\) \|/); // 13 s × 0.2 extra over 1 GB shuffled
    expect(md).toContain("**1 answer(s) differ");
    expect(md).toContain('- auth-gcm q9 (against the baseline): row 3: revenue = "1.0", expected "2.0"');
    expect(md).toContain("| cipher | 0.00 | 0.50 | +0.50 |");
    expect(md).toContain("physical floor (250 ms");
    expect(md).toContain("- tls-rpc: needs Spark ≥ 4.0.0");
    expect(md).toContain("- JVM options: `-XX:+UseG1GC`");
    expect(md).toContain("Test CPU, 2 cores, 24 GiB");
    expect(md).toContain("Machine noise: plain's own total per round: 17.5, 19.6, 20.8 s over 3 rounds (±8.5 % around its mean); the timed passes inside one app differed by a median 3.1 % (at most 10.2 %).");
    expect(md).not.toContain("launched once");
  });

  it("start-ups: a table against the baseline, the own cluster named, and a console line", () => {
    const startup = [
      { profile: "plain", baseline: "plain", ownCluster: false, apps: 4, registeredMs: 18_000, runningMs: 20_000, minMs: 19_000, maxMs: 23_000 },
      { profile: "attested", baseline: "plain", ownCluster: true, apps: 1, registeredMs: 20_000, runningMs: 30_000, minMs: 30_000, maxMs: 30_000, ratio: 1.5 },
    ];
    const md = renderTpchMarkdown({ ...input, startup });
    expect(md).toContain("## Start-up (from the driver JVM's start, before any query)");
    expect(md).toContain("| plain | 4 | 18.0 | 20.0 (19.0–23.0) | – |");
    expect(md).toContain("| attested (own cluster) | 1 | 20.0 | 30.0 | 1.500 × plain on its cluster |");
    expect(renderTpchMarkdown(input)).not.toContain("## Start-up");
    expect(renderConsoleSummary({ ...input, startup }, "d")).toContain("start-up (executors running tasks): attested 30.0 s, 1.500 × plain");
  });

  it("side by side, the report says its intervals do not cover the spread between JVM launches", () => {
    const md = renderTpchMarkdown({ ...input, context: { ...input.context, plan: { ...plan, mode: "side-by-side" } } });
    expect(md).toContain("Side by side: one app per profile");
    expect(md).toContain("Each profile's JVMs are launched once, so the intervals cover the noise between rounds, not the spread between launches");
  });

  it("SVG charts are well-formed and carry one row per query and profile, one bar per profile", () => {
    const chart = renderRatioChart(input.ratios, { baseline: "plain", queries: plan.queries, title: "ratio <to> plain" });
    expect(chart.startsWith("<svg")).toBe(true);
    expect(chart.match(/<rect /g)).toHaveLength(1 + 6);
    expect(chart).toContain("ratio &lt;to&gt; plain");
    const b = renderBreakdownChart(input.breakdown!, "CPU");
    expect(b.match(/<title>cipher: /g)).toHaveLength(2);
  });

  it("console summary fits one screen and says where the files are", () => {
    const s = renderConsoleSummary(input, "artifacts/bench/tpch-x");
    expect(s.split("\n").length).toBeLessThanOrEqual(20);
    expect(s).toMatch(/auth-gcm\s+1\.200/);
    expect(s).toContain("ANSWERS DIFFER (1): auth-gcm/q9");
    expect(s).toContain("cipher +0.5, network +1.5");
    expect(s).toContain("artifacts/bench/tpch-x/tpch.{md,json}");
  });
});
