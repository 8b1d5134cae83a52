// bench-ima-replay: replaying a 10 000-entry IMA log (PCR 10 and REM[0]), from parsed entries and from binary bytes.
// Usage: npx tsx bench/ima-replay.bench.ts [--rounds N] — prints a Markdown table: ops/s (one op = the whole log)
// with a 95 % confidence interval over rounds; each round runs every task, in rotated order, so drift hits all alike.
import { Bench } from "tinybench";
import { parseBinaryLog, writeBinaryLog } from "../harness/ima/ima-binary-log.ts";
import { IncrementalReplay } from "../harness/ima/ima-incremental-replay.ts";
import { replayEntries } from "../harness/ima/ima-replay.ts";
import { syntheticLog } from "../harness/ima/ima-sample-log.ts";

const args = process.argv.slice(2);
const rounds = Math.max(2, Number(args[args.indexOf("--rounds") + 1] ?? 5) || 5);
const ENTRIES = 10_000;
const log = syntheticLog(ENTRIES - 1); // boot_aggregate + 9 999 files
const bin = writeBinaryLog(log);
const half = parseBinaryLog(bin.subarray(0, bin.length >> 1), { allowPartialTail: true }).consumed;

const tasks: [string, () => void][] = [
  ["replay parsed entries (SHA-1 PCR 10 + SHA-256 REM[0])", () => void replayEntries(log)],
  ["parse binary log + replay", () => void replayEntries(parseBinaryLog(bin).entries)],
  [
    "incremental replay, binary log in two reads",
    () => {
      const r = new IncrementalReplay();
      r.feedBinary(bin.subarray(0, half), 0);
      r.feedBinary(bin.subarray(half), half);
    },
  ],
];

const samples = new Map<string, number[]>(tasks.map(([name]) => [name, []]));
for (let round = 0; round < rounds; round++) {
  const bench = new Bench({ time: 400, iterations: 3, warmupTime: 50, warmupIterations: 2 });
  for (let k = 0; k < tasks.length; k++) {
    const [name, fn] = tasks[(k + round) % tasks.length]!;
    bench.add(name, fn);
  }
  await bench.run();
  for (const t of bench.tasks) {
    const r = t.result as { throughput?: { mean: number } } | undefined;
    samples.get(t.name)!.push(r?.throughput?.mean ?? 0);
  }
}

// two-sided 95 % Student t for n-1 degrees of freedom (n ≤ 11), else the normal value
const T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];
const stats = (xs: number[]): { mean: number; ci: number } => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
  return { mean, ci: (T95[xs.length - 2] ?? 1.96) * (sd / Math.sqrt(xs.length)) };
};
const base = stats(samples.get(tasks[0]![0])!).mean;
console.log(`IMA replay, ${ENTRIES.toLocaleString("en")} entries (${(bin.length / 1024).toFixed(0)} KiB binary log), ${rounds} rounds, Node ${process.version}\n`);
console.log("| task | ops/s (whole log) | 95 % CI | entries/s | vs. first |");
console.log("|---|---:|---:|---:|---:|");
for (const [name] of tasks) {
  const s = stats(samples.get(name)!);
  console.log(`| ${name} | ${s.mean.toFixed(2)} | ± ${s.ci.toFixed(2)} | ${Math.round(s.mean * ENTRIES).toLocaleString("en")} | ${(s.mean / base).toFixed(2)}× |`);
}
