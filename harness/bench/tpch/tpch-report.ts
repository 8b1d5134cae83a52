// The TPC-H benchmark's report: Markdown (ratios per query and in total with intervals and verdicts, cost per GB
// shuffled, answers, CPU breakdown, the setup it ran on), SVG charts, and a one-screen console summary.
import { type Category } from "./jfr-breakdown.ts";
import type { CategoryShare, ExtraSecondsRow } from "./jfr-breakdown.ts";
import { CATEGORY_COLOURS } from "./flame-graph.ts";
import { extraSecondsPerGb, type RatioRow, type TpchPlan } from "./tpch-stats.ts";
import { mean } from "../ratio-stats.ts";

export interface AnswerRow {
  profile: string;
  query: string;
  /** what the rows were compared with */
  against: "reference" | "baseline";
  valid: boolean;
  problems: string[];
}

export interface BreakdownRow {
  profile: string;
  apps: number;
  /** what the CPU seconds are per: one timed pass over the queries (the JFR samples cut to the timed window), or a whole app */
  per: "timed pass" | "app";
  shares: CategoryShare[];
  /** against the baseline of the profile's cluster; absent for the baseline itself */
  extra?: ExtraSecondsRow[];
  /** bytes through the cipher per timed pass (or app) / the JDK's AES-GCM throughput */
  cipherFloorS?: number;
}

export interface TpchReportInput {
  context: {
    when: string;
    command: string;
    scale: number;
    plan: TpchPlan;
    versions: Record<string, string>;
    jvmOptions: string[];
    machine: { cpu: string; cores: number; memoryBytes: number };
    notes?: string[];
  };
  ratios: RatioRow[];
  answers: AnswerRow[];
  breakdown?: BreakdownRow[];
  skipped?: { profile: string; why: string }[];
  failures?: { round: number; profile: string; error: string }[];
  /** how much the machine itself moves: the baseline's own totals per round, and how far an app's timed passes differ */
  noise?: Noise;
  /** each profile's app start-up, from its driver's own line */
  startup?: StartupRow[];
}

/** A profile's app start-ups: medians over its apps, ms from the driver JVM's start. */
export interface StartupRow {
  profile: string;
  baseline: string;
  /** on a cluster of its own (Kerberos, attested), against that cluster's baseline */
  ownCluster: boolean;
  apps: number;
  registeredMs: number;
  runningMs: number;
  minMs: number;
  maxMs: number;
  /** median start-up / the baseline's on the same cluster */
  ratio?: number;
}

function renderStartup(rows: readonly StartupRow[], mode: TpchPlan["mode"]): string[] {
  if (!rows.length) return [];
  const s = (ms: number) => (ms / 1000).toFixed(1);
  const out = [
    "",
    "## Start-up (from the driver JVM's start, before any query)",
    "",
    mode === "side-by-side"
      ? "Side by side, every app starts at the same time, so each start-up here is slowed by the others'; `--sequential` starts one app at a time."
      : "Sequential: one app starts at a time, nothing else running.",
    "",
    "| profile | apps | executors registered, s | executors running tasks, s (range) | against the baseline |",
    "|---|---|---|---|---|",
  ];
  for (const r of rows)
    out.push(`| ${r.profile}${r.ownCluster ? " (own cluster)" : ""} | ${r.apps} | ${s(r.registeredMs)} | ${s(r.runningMs)}${r.apps > 1 ? ` (${s(r.minMs)}–${s(r.maxMs)})` : ""} | ${r.ratio === undefined ? "–" : `${f3(r.ratio)} × ${r.baseline}${r.ownCluster ? " on its cluster" : ""}`} |`);
  out.push("", "Running tasks: each executor has run a task, so its plugins are up (an attested executor's attestation is done).");
  return out;
}

export interface Noise {
  baseline: string;
  /** the baseline's total (every query once) per measured round, seconds */
  baselineRoundS: number[];
  /** per app with ≥ 2 timed passes: (slowest − fastest pass) / mean pass */
  passSpreads: number[];
}

/** "Machine noise: plain's own total per round: …; inside one app …" — or undefined when there is too little to say. */
export function noiseLine(n: Noise): string | undefined {
  const parts: string[] = [];
  if (n.baselineRoundS.length >= 2) {
    const m = mean(n.baselineRoundS);
    const half = (Math.max(...n.baselineRoundS) - Math.min(...n.baselineRoundS)) / 2 / m;
    const values = n.baselineRoundS.length <= 6 ? n.baselineRoundS.map((x) => x.toFixed(1)).join(", ") : `${Math.min(...n.baselineRoundS).toFixed(1)}–${Math.max(...n.baselineRoundS).toFixed(1)}`;
    parts.push(`${n.baseline}'s own total per round: ${values} s over ${n.baselineRoundS.length} rounds (±${pct(half)} around its mean)`);
  }
  if (n.passSpreads.length > 0) {
    const sorted = [...n.passSpreads].sort((a, b) => a - b);
    parts.push(`the timed passes inside one app differed by a median ${pct(sorted[Math.floor(sorted.length / 2)]!)} (at most ${pct(sorted[sorted.length - 1]!)})`);
  }
  return parts.length ? `Machine noise: ${parts.join("; ")}.` : undefined;
}

const f3 = (x: number): string => x.toFixed(3);
const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const gib = (b: number): string => `${(b / 1e9).toFixed(2)} GB`;

/** "pass" or "app": what a breakdown row's CPU seconds are per, in a unit label. */
const unitOf = (b: BreakdownRow): string => (b.per === "app" ? "app" : "pass");

function interval(r: RatioRow): string {
  return Math.min(r.estimate.n, r.estimate.baselineN) >= 2 ? `${f3(r.estimate.low)}–${f3(r.estimate.high)}` : "n/a";
}

export function renderTpchMarkdown(x: TpchReportInput): string {
  const { context: c, plan: p } = { context: x.context, plan: x.context.plan };
  const totals = x.ratios.filter((r) => r.query === "total" && r.profile !== p.baseline);
  const out: string[] = [];
  out.push(`# TPC-H encryption overhead, SF ${c.scale}`, "");
  out.push(`${c.when} · \`${c.command}\``, "");
  out.push(
    (p.mode === "side-by-side"
      ? `Side by side: one app per profile, all up for the whole run, taking turns one query at a time. ${p.rounds} measured round(s) after ${p.warmupRounds} warm-up round(s); ` +
        `in each round every query runs once under every profile, the profiles in an order drawn from seed ${p.seed}. ` +
        `Each profile's JVMs are launched once, so the intervals cover the noise between rounds, not the spread between launches (JIT and memory layout differ per launch): only a repeat of the run shows that. `
      : `Sequential: ${p.rounds} measured round(s) after ${p.warmupRounds} warm-up round(s); each round runs every profile's app once, in an order drawn from seed ${p.seed}; ` +
        `each app runs the ${p.queries.length} queries ${p.warmupIters} time(s) untimed, then ${p.itersPerApp} time(s) timed. `) +
      `Ratio = time / time of ${p.baseline} in the same rounds; 95 % intervals over rounds (the wider of a paired bootstrap and Student's t on the rounds' log ratios); target ±${pct(p.target)}.`,
    "",
  );
  out.push("## Total time", "", "| profile | ratio | 95 % interval | verdict | mean s | extra s per GB shuffled |", "|---|---|---|---|---|---|");
  for (const r of totals) {
    const perGb = extraSecondsPerGb(r);
    out.push(`| ${r.profile} | ${f3(r.estimate.ratio)} | ${interval(r)} | ${r.verdict.text} | ${(r.meanMs / 1000).toFixed(1)} | ${perGb === undefined ? "–" : `${perGb.toFixed(2)} s (${gib(r.meanShuffleBytes)})`} |`);
  }
  const noise = x.noise && noiseLine(x.noise);
  if (noise)
    out.push("", p.mode === "side-by-side" ? `${noise} Each ratio is taken within a round, where the profiles' runs of a query are seconds apart: the drift between rounds cancels.` : `${noise} No ratio can be pinned tighter than this noise allows in the rounds run.`);
  // the target is the totals'; a single query's interval is wider by nature and only counted
  const wide = totals.filter((r) => r.verdict.kind === "too-wide");
  const wideQueries = x.ratios.filter((r) => r.query !== "total" && r.verdict.kind === "too-wide").length;
  if (wide.length) {
    const most = Math.max(...wide.map((r) => (r.verdict.kind === "too-wide" ? (r.verdict.extraRounds ?? 0) : 0)));
    // past ~50 extra rounds the advice is no longer a number of rounds: the machine's noise is the problem
    const advice = most > 50 ? `the widest would need ≈ ${most} more round(s): more rounds will not get there on this machine's noise (run on a quieter machine, or compare fewer profiles)` : `the widest needs ≈ ${most} more round(s) (\`--reps ${p.rounds + most}\`)`;
    out.push("", `⚠ ${wide.length} of ${totals.length} total-time interval(s) too wide to conclude at ±${pct(p.target)}; ${advice}.${wideQueries ? ` ${wideQueries} per-query interval(s) too.` : ""}`);
  } else if (wideQueries) out.push("", `Every total-time interval is within ±${pct(p.target)}; ${wideQueries} per-query interval(s) are wider (⚠ below).`);
  out.push("", "## Per query", "", `| query | ${x.ratios.filter((r) => r.query === "total").map((r) => r.profile).filter((q) => q !== p.baseline).join(" | ")} |`);
  const profiles = [...new Set(x.ratios.map((r) => r.profile))].filter((q) => q !== p.baseline);
  out.push(`|---|${profiles.map(() => "---|").join("")}`);
  for (const q of p.queries) {
    const cells = profiles.map((prof) => {
      const r = x.ratios.find((y) => y.profile === prof && y.query === q);
      return r ? `${f3(r.estimate.ratio)} (${interval(r)})${r.verdict.kind === "too-wide" ? " ⚠" : ""}` : "–";
    });
    const base = x.ratios.find((y) => y.profile === p.baseline && y.query === q);
    out.push(`| ${q}${base ? ` (${(base.meanMs / 1000).toFixed(1)} s)` : ""} | ${cells.join(" | ")} |`);
  }
  const bad = x.answers.filter((a) => !a.valid);
  out.push(...renderStartup(x.startup ?? [], p.mode));
  out.push("", "## Answers", "");
  const refChecked = x.answers.filter((a) => a.against === "reference").length;
  out.push(
    bad.length === 0
      ? `Every answer matched: ${x.answers.length} checks (${refChecked} against the reference answers, ${x.answers.length - refChecked} against the ${p.baseline} profile's rows).`
      : `**${bad.length} answer(s) differ — an encryption setting that changes an answer is a finding:**`,
  );
  for (const a of bad) out.push(`- ${a.profile} ${a.query} (against the ${a.against}): ${a.problems.join("; ")}`);
  if (x.breakdown?.length) {
    const per = x.breakdown[0]!.per;
    out.push("", "## Where the CPU goes (JDK Flight Recorder, driver and executors)", "");
    out.push(
      per === "timed pass"
        ? "CPU samples inside the timed query runs only (each app's start-up, untimed runs and — side by side — the other apps' turns are cut out), given per timed pass: every query once, as the times above are."
        : "CPU samples of whole apps (start-up and untimed passes included), given per app.",
      "",
    );
    const cats = x.breakdown[0]!.shares.map((s) => s.category);
    out.push(`| profile | ${cats.join(" | ")} | cipher floor |`, `|---|${cats.map(() => "---|").join("")}---|`);
    for (const b of x.breakdown) out.push(`| ${b.profile} | ${b.shares.map((s) => pct(s.share)).join(" | ")} | ${b.cipherFloorS === undefined ? "–" : `${(b.cipherFloorS * 1000).toFixed(0)} ms/${unitOf(b)}`} |`);
    for (const b of x.breakdown.filter((y) => y.extra)) {
      const cipher = b.extra!.find((e) => e.category === "cipher")!;
      out.push("", `### ${b.profile}: where the extra seconds go (CPU s per ${b.per}, against the baseline)`, "", "| category | baseline | profile | extra |", "|---|---|---|---|");
      for (const e of b.extra!) out.push(`| ${e.category} | ${e.baselineS.toFixed(2)} | ${e.profileS.toFixed(2)} | ${e.extraS >= 0 ? "+" : ""}${e.extraS.toFixed(2)} |`);
      if (b.cipherFloorS !== undefined) out.push("", `The cipher's measured CPU (${cipher.profileS.toFixed(2)} s) against its physical floor (${(b.cipherFloorS * 1000).toFixed(0)} ms: bytes through the cipher at the JDK's AES-GCM throughput on this host).`);
    }
  }
  if (x.skipped?.length) out.push("", "## Not run", "", ...x.skipped.map((s) => `- ${s.profile}: ${s.why}`));
  if (x.failures?.length) out.push("", "## Failed runs (left out)", "", ...x.failures.map((e) => `- round ${e.round}, ${e.profile}: ${e.error}`));
  out.push("", "## Setup", "", `- machine: ${c.machine.cpu}, ${c.machine.cores} cores, ${(c.machine.memoryBytes / 2 ** 30).toFixed(0)} GiB`);
  for (const [k, v] of Object.entries(c.versions)) out.push(`- ${k}: ${v}`);
  out.push(`- JVM options: \`${c.jvmOptions.join(" ") || "(defaults)"}\``);
  for (const n of c.notes ?? []) out.push(`- ${n}`);
  return `${out.join("\n")}\n`;
}

/** One row per query and profile: the ratio as a bar, its interval as a whisker, a line at 1.0; groups per query. */
export function renderRatioChart(rows: RatioRow[], o: { baseline: string; queries: string[]; title: string }): string {
  const profiles = [...new Set(rows.map((r) => r.profile))].filter((p) => p !== o.baseline);
  const order = [...o.queries, "total"];
  const shown = order.flatMap((q) => profiles.map((p) => rows.find((r) => r.query === q && r.profile === p)).filter((r): r is RatioRow => r !== undefined));
  const w = 760;
  const rowH = 16;
  const left = 190;
  const top = 40;
  const groups = new Set(shown.map((r) => r.query)).size;
  const h = top + shown.length * rowH + groups * 8 + 40;
  const lo = Math.min(0.9, ...shown.map((r) => r.estimate.low)) - 0.02;
  const hi = Math.max(1.1, ...shown.map((r) => r.estimate.high)) + 0.02;
  const x = (v: number): number => left + ((w - left - 60) * (v - lo)) / (hi - lo);
  let y = top;
  let last = "";
  const parts: string[] = [];
  for (const r of shown) {
    if (r.query !== last && last !== "") y += 8;
    last = r.query;
    const colour = r.verdict.kind === "slower" ? "#d1242f" : r.verdict.kind === "faster" ? "#1a7f37" : "#8c959f";
    const hasCi = Math.min(r.estimate.n, r.estimate.baselineN) >= 2;
    parts.push(
      `<text x="${left - 8}" y="${y + 12}" text-anchor="end" font-size="11">${esc(`${r.query} · ${r.profile}`)}</text>`,
      `<rect x="${x(Math.min(1, r.estimate.ratio))}" y="${y + 3}" width="${Math.abs(x(r.estimate.ratio) - x(1))}" height="10" fill="${colour}" opacity="0.55"/>`,
      hasCi ? `<line x1="${x(r.estimate.low)}" x2="${x(r.estimate.high)}" y1="${y + 8}" y2="${y + 8}" stroke="#000"/>` : "",
      `<text x="${x(Math.max(r.estimate.high, r.estimate.ratio)) + 5}" y="${y + 12}" font-size="10">${f3(r.estimate.ratio)}${r.verdict.kind === "too-wide" ? " ⚠" : ""}</text>`,
    );
    y += rowH;
  }
  const ticks = [0.8, 0.9, 1, 1.1, 1.2, 1.3, 1.5, 2, 3].filter((t) => t >= lo && t <= hi).map((t) => `<line x1="${x(t)}" x2="${x(t)}" y1="${top - 4}" y2="${h - 30}" stroke="${t === 1 ? "#000" : "#ccc"}" stroke-dasharray="${t === 1 ? "0" : "3,3"}"/><text x="${x(t)}" y="${h - 14}" font-size="11" text-anchor="middle">${t}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif">
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="20" font-size="14" font-weight="bold">${esc(o.title)}</text>
${ticks.join("")}
${parts.filter(Boolean).join("\n")}
</svg>
`;
}

/** A 100 % stacked bar per profile: its CPU shares by category. */
export function renderBreakdownChart(b: BreakdownRow[], title: string): string {
  const w = 760;
  const left = 170;
  const rowH = 26;
  const top = 40;
  const h = top + b.length * rowH + 64;
  const bars = b.map((row, i) => {
    let x = left;
    const y = top + i * rowH;
    const segs = row.shares.map((s) => {
      const width = (w - left - 20) * s.share;
      const seg = `<rect x="${x.toFixed(1)}" y="${y + 4}" width="${width.toFixed(1)}" height="16" fill="${CATEGORY_COLOURS[s.category as Category]}"><title>${s.category}: ${pct(s.share)}</title></rect>`;
      x += width;
      return seg;
    });
    return `<text x="${left - 8}" y="${y + 17}" text-anchor="end" font-size="12">${esc(row.profile)}</text>${segs.join("")}`;
  });
  // the legend in two rows of six
  const legend = (Object.keys(CATEGORY_COLOURS) as Category[]).map((c, i) => {
    const x = left + (i % 6) * 95;
    const y = h - 40 + Math.floor(i / 6) * 18;
    return `<rect x="${x}" y="${y}" width="12" height="12" fill="${CATEGORY_COLOURS[c]}"/><text x="${x + 16}" y="${y + 10}" font-size="11">${c}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif">
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="20" font-size="14" font-weight="bold">${esc(title)}</text>
${bars.join("\n")}
${legend.join("")}
</svg>
`;
}

/** At most ~20 lines: totals per profile, answer status, what is too wide, where the files are. */
export function renderConsoleSummary(x: TpchReportInput, dir: string): string {
  const p = x.context.plan;
  const lines = [`TPC-H SF ${x.context.scale}: ${p.queries.length} queries × ${p.profiles.length} profiles × ${p.rounds} round(s) (+${p.warmupRounds} warm-up), ${p.mode}, baseline ${p.baseline}`];
  for (const r of x.ratios.filter((y) => y.query === "total" && y.profile !== p.baseline)) lines.push(`  ${r.profile.padEnd(20)} ${f3(r.estimate.ratio)}  [${interval(r)}]  ${r.verdict.text}`);
  const noise = x.noise && noiseLine(x.noise);
  if (noise && x.ratios.some((r) => r.query === "total" && r.verdict.kind === "too-wide")) lines.push(`  ${noise}`);
  const bad = x.answers.filter((a) => !a.valid);
  lines.push(bad.length ? `  ANSWERS DIFFER (${bad.length}): ${bad.slice(0, 4).map((a) => `${a.profile}/${a.query}`).join(", ")}${bad.length > 4 ? ", …" : ""}` : `  answers: all ${x.answers.length} checks matched`);
  if (x.breakdown?.length) for (const b of x.breakdown.filter((y) => y.extra)) lines.push(`  ${b.profile.padEnd(20)} extra CPU s/${unitOf(b)}: ${b.extra!.filter((e) => Math.abs(e.extraS) >= 0.05).map((e) => `${e.category} ${e.extraS >= 0 ? "+" : ""}${e.extraS.toFixed(1)}`).join(", ") || "none ≥ 0.05"}`);
  const ups = (x.startup ?? []).filter((r) => r.ratio !== undefined);
  if (ups.length) lines.push(`  start-up (executors running tasks): ${ups.map((r) => `${r.profile} ${(r.runningMs / 1000).toFixed(1)} s, ${f3(r.ratio!)} × ${r.baseline}`).join("; ")}`);
  if (x.skipped?.length) lines.push(`  not run: ${x.skipped.map((s) => s.profile).join(", ")}`);
  if (x.failures?.length) lines.push(`  ${x.failures.length} failed run(s) left out`);
  lines.push(`  report: ${dir}/tpch.{md,json} and *.svg`);
  return lines.join("\n");
}
