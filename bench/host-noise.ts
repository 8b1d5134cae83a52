// bench-host-noise: how steady this machine's CPU is, with nothing changed. The same fixed work (integer arithmetic on
// a cache-resident array: no I/O, no allocation, no GC) is timed over and over on every core, and two adjacent windows
// of it are compared as a benchmark compares two settings. Their spread is the floor under any A/B ratio measured on
// this machine: a pair of runs of that length differs by about that much when nothing differs at all.
// Usage: npx tsx bench/host-noise.ts [--seconds 120] [--threads 2]
import { cpus } from "node:os";
import { Worker } from "node:worker_threads";

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  process.stdout.write(
    [
      "npx tsx bench/host-noise.ts [--seconds 120] [--threads N]",
      "  times the same fixed CPU work on N threads (default: one per core) for the given seconds, then prints how much",
      "  two adjacent windows of it differ (sd of their log ratio) for windows of 0.1–6.4 s, and how many such pairs a",
      "  95 % interval of ±2 % would take at that spread. Starts nothing else; run it on an idle machine.",
      "",
    ].join("\n"),
  );
  process.exit(0);
}
function flag(name: string, fallback: number): number {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const v = Number(args[at + 1]);
  if (!Number.isFinite(v) || v <= 0) {
    process.stderr.write(`bench/host-noise: ${name} needs a positive number (got ${args[at + 1] ?? "nothing"}); e.g. ${name} ${fallback}\n`);
    process.exit(2);
  }
  return v;
}
const seconds = flag("--seconds", 120);
const threads = Math.round(flag("--threads", cpus().length));
const CHUNK_MS = 100;

// The worker: calibrate a chunk of ~CHUNK_MS, warm up, then time chunks until the deadline; post the times (µs).
const workerSource = `
const { parentPort, workerData } = require("node:worker_threads");
const a = new Uint32Array(16384);
function work(n) { let x = 2463534242 >>> 0, s = 0; for (let k = 0; k < n; k++) { for (let i = 0; i < a.length; i++) { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; a[i] = (a[i] + x) >>> 0; s = (s + a[(i * 7) & 16383]) >>> 0; } } return s; }
let n = 1; const t0 = performance.now(); while (performance.now() - t0 < 300) { work(n); n *= 2; }
let per = 0; { const t = performance.now(); work(n); per = (performance.now() - t) / n; }
const reps = Math.max(1, Math.round(workerData.chunkMs / per));
const warm = performance.now(); while (performance.now() - warm < 3000) work(reps);
const out = []; const end = performance.now() + workerData.seconds * 1000; let sink = 0;
while (performance.now() < end) { const t = performance.now(); sink ^= work(reps); out.push(Math.round((performance.now() - t) * 1000)); }
parentPort.postMessage({ times: out, sink });
`;

process.stderr.write(`[host-noise] ${threads} thread(s) × ${seconds} s of fixed work in ~${CHUNK_MS} ms chunks …\n`);
const series: number[][] = await Promise.all(
  Array.from({ length: threads }, () =>
    new Promise<number[]>((resolve, reject) => {
      const w = new Worker(workerSource, { eval: true, workerData: { seconds, chunkMs: CHUNK_MS } });
      w.once("message", (m: { times: number[] }) => resolve(m.times));
      w.once("error", reject);
    }),
  ),
);

const sd = (xs: readonly number[]): number => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1));
};
const chunkMs = series.flat().reduce((a, b) => a + b, 0) / series.flat().length / 1000;
const lines = [
  `host noise: ${threads} thread(s) on ${cpus().length} core(s) (${cpus()[0]?.model ?? "unknown"}), ${seconds} s, chunks of ${chunkMs.toFixed(0)} ms`,
  "",
  "| window | adjacent windows differ by (sd) | pairs for a 95 % interval of ±2 % |",
  "|---|---|---|",
];
for (const w of [1, 4, 16, 32, 64]) {
  const diffs: number[] = [];
  for (const times of series) {
    const sums: number[] = [];
    for (let i = 0; i + w <= times.length; i += w) sums.push(times.slice(i, i + w).reduce((a, b) => a + b, 0));
    for (let i = 0; i + 1 < sums.length; i++) diffs.push(Math.log(sums[i + 1]! / sums[i]!));
  }
  if (diffs.length < 8) continue;
  const s = sd(diffs);
  lines.push(`| ${((w * chunkMs) / 1000).toFixed(1)} s | ${(s * 100).toFixed(1)} % | ${Math.ceil(((1.96 * s) / 0.02) ** 2)} |`);
}
process.stdout.write(lines.join("\n") + "\n");
