// bench-overhead (issue 5): npx tsx bench/overhead-bench.ts [--size MB] [--reps N] [--no-io-enc] [--smoke]
// --smoke: 2 MB, 1 repetition — checks the machinery, not the figures.
import { runOverheadBench } from "../harness/bench/overhead-runner.ts";

const args = process.argv.slice(2);
const num = (flag: string, dflt: number): number => (args.includes(flag) ? Number(args[args.indexOf(flag) + 1]) : dflt);
const smoke = args.includes("--smoke");
const r = await runOverheadBench({
  sizeMb: smoke ? 2 : num("--size", 48),
  reps: smoke ? 1 : num("--reps", 5),
  withIoEncryption: !args.includes("--no-io-enc"),
});
console.log(r.markdown);
console.log(`report: ${r.dir}/overhead.{md,svg,json}`);
