// bench-harness: image build (warm, and cold with --cold), cluster ready, Pi end to end — seconds, with spread.
// Usage: npx tsx bench/harness-bench.ts [--cold] [--reps N] [--suite] [--kerberos]
//   --suite     also times the whole default suite (`shieldlab run`, one sample; ~8 min) and records its verdicts
//   --kerberos  also times a Kerberized cluster's start (KDC, principals, keytabs, secure daemons) after each plain one
//   --new-pair spark=3.5.x[,hadoop=3.3.6]  times that pair's image from zero (its image, unpacked Spark, download and
//               Hadoop lib folder removed first; Maven's ~/.m2 kept) and then unchanged
// Writes artifacts/bench/harness-<time>.json and prints a Markdown table for README.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { execa } from "execa";
import { cpus } from "node:os";
import { join } from "node:path";
import { median } from "../harness/bench/ratio-stats.ts";
import { ClusterBuilder } from "../harness/cluster/cluster-builder.ts";
import { docker } from "../harness/engine/docker-engine.ts";
import { KdcLayer } from "../harness/kdc/kdc-layer.ts";
import { reap } from "../harness/engine/reaper.ts";
import { baseImageTag } from "../harness/images/base-image.ts";
import { hadoopSparkImageTag } from "../harness/images/hadoop-spark-image.ts";
import { ensureImages } from "../harness/images/image-set.ts";
import { loadManifest, manifestFor } from "../harness/images/manifest.ts";
import { pairLabel, resolvePair } from "../harness/images/version-pair.ts";
import { silentLogger } from "../harness/log/logger.ts";
import { sparkSubmit } from "../harness/spark/spark-submit.ts";
import { artifactsDir, cacheDir } from "../harness/util/paths.ts";

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  // the usage is this file's header comment
  process.stdout.write(
    "npx tsx bench/harness-bench.ts [--cold] [--reps N] [--suite] [--kerberos] [--new-pair spark=X[,hadoop=Y]]\n" +
      "  image build (warm; cold with --cold), cluster ready, Pi end to end in client and cluster mode, N repetitions (3)\n" +
      "  --suite     also the whole default suite (`shieldlab run`, one sample)\n" +
      "  --kerberos  also a Kerberized cluster's start after each plain one\n" +
      "  --new-pair  that pair's image from zero (its image, unpacked Spark, download, Hadoop lib removed first), then unchanged\n" +
      "Writes artifacts/bench/harness-<time>.json and prints a Markdown table.\n",
  );
  process.exit(0);
}
const cold = args.includes("--cold");
const reps = Number(args[args.indexOf("--reps") + 1] ?? 3) || 3;
const suite = args.includes("--suite");
const kerberos = args.includes("--kerberos");
const newPairArg = args.includes("--new-pair") ? args[args.indexOf("--new-pair") + 1] : undefined;

interface Figure {
  name: string;
  target?: string;
  samples: number[];
}
const figures: Figure[] = [];
const seconds = async <T>(fn: () => Promise<T>): Promise<[number, T]> => {
  const t0 = performance.now();
  const v = await fn();
  return [(performance.now() - t0) / 1000, v];
};

await reap({ keepLiveOwners: true, keepKept: true });
const m = loadManifest();
if (cold) {
  // from zero: no images, no downloaded or resolved inputs (Maven's own ~/.m2 cache is left alone)
  const base = baseImageTag(m);
  for (const tag of [hadoopSparkImageTag(m, base), base]) await docker().getImage(tag).remove({ force: true }).catch(() => undefined);
  rmSync(cacheDir, { recursive: true, force: true });
  const [s] = await seconds(() => ensureImages());
  figures.push({ name: "cold image build (mmdebstrap, Maven, pyspark, docker build)", target: "≤ 600 s (whole cold setup)", samples: [s] });
}
if (newPairArg) {
  const req = Object.fromEntries(newPairArg.split(",").map((kv) => kv.split("=") as [string, string]));
  const pair = resolvePair(m, req);
  const pm = manifestFor(m, pair);
  const base = baseImageTag(m);
  await docker().getImage(hadoopSparkImageTag(pm, base)).remove({ force: true }).catch(() => undefined);
  for (const d of [`spark-${pair.spark}`, `hadoop-${pair.hadoop}`, `downloads/pyspark-${pair.spark}.tar.gz`]) rmSync(join(cacheDir, d), { recursive: true, force: true });
  const [fresh] = await seconds(() => ensureImages({ pairs: [pair] }));
  figures.push({ name: `new version pair from zero (${pairLabel(pair)}: pyspark download + unpack, Hadoop jars from Maven, javac, docker build)`, target: "≤ 180 s", samples: [fresh] });
  const again: number[] = [];
  for (let i = 0; i < reps; i++) again.push((await seconds(() => ensureImages({ pairs: [pair] })))[0]);
  figures.push({ name: `the same pair, unchanged (${pairLabel(pair)})`, target: "≤ 1 s", samples: again });
}
const warm: number[] = [];
let image = "";
for (let i = 0; i < reps; i++) {
  const [s, set] = await seconds(() => ensureImages());
  warm.push(s);
  image = set.hadoopSpark;
}
figures.push({ name: "warm image build (nothing changed)", target: "≤ 5 s", samples: warm });

const ready: number[] = [];
const piClient: number[] = [];
const piCluster: number[] = [];
for (let i = 0; i < reps; i++) {
  const [s, cluster] = await seconds(() => new ClusterBuilder({ image }).withLogger(silentLogger).start());
  ready.push(s);
  try {
    for (const [mode, into] of [["client", piClient], ["cluster", piCluster]] as const) {
      const [t, r] = await seconds(async () => {
        const sub = await sparkSubmit(cluster, { tenant: "alice", mainClass: "shieldlab.jobs.Pi", deployMode: mode });
        if (!sub.appId) throw new Error(`no app id: ${sub.stderr.slice(-500)}`);
        return cluster.rm.waitForApp(sub.appId);
      });
      if (r.finalStatus !== "SUCCEEDED") throw new Error(`pi ${mode} ended ${r.state}/${r.finalStatus}`);
      into.push(t);
    }
  } finally {
    await cluster.stop();
  }
}
figures.push({ name: "cluster ready (RM + 2 NMs + gateway, 2 NMs RUNNING)", target: "≤ 30 s", samples: ready });

if (kerberos) {
  // plain and Kerberized starts interleaved, so both see the same machine state
  const plain: number[] = [];
  const secure: number[] = [];
  for (let i = 0; i < reps; i++) {
    const [p, c1] = await seconds(() => new ClusterBuilder({ image }).withLogger(silentLogger).start());
    plain.push(p);
    await c1.stop();
    const [k, c2] = await seconds(() =>
      new ClusterBuilder({ image }).withSecurity({ profile: "plain", kerberos: {} }).withLayer(KdcLayer.of({})).withLogger(silentLogger).start(),
    );
    secure.push(k);
    await c2.stop();
  }
  figures.push({ name: "cluster ready, plain (interleaved with the next row)", samples: plain });
  figures.push({ name: "cluster ready, Kerberized (KDC container, realm, 8 principals, keytabs, secure RM/NMs, SPNEGO)", target: "≤ plain + 10 s", samples: secure });
}
figures.push({ name: "pi end to end, client mode (spark-submit → FINISHED)", target: "≤ 12 s", samples: piClient });
figures.push({ name: "pi end to end, cluster mode (spark-submit → FINISHED)", target: "≤ 40 s", samples: piCluster });

if (suite) {
  // the default suite as a user runs it: its own process, its own clusters, reports written as it goes
  const [s, r] = await seconds(() => execa("node", ["bin/shieldlab.js", "run", "@default"], { reject: false, stdio: ["ignore", "pipe", "inherit"], env: { NO_COLOR: "1" } }));
  const last = r.stdout.trim().split("\n").at(-1) ?? "";
  figures.push({ name: `full default suite (shieldlab run; ${last})`, target: "≤ 480 s", samples: [s] });
}

const row = (f: Figure): string =>
  `| ${f.name} | ${median(f.samples).toFixed(1)} | ${Math.min(...f.samples).toFixed(1)}–${Math.max(...f.samples).toFixed(1)} | ${f.samples.length} | ${f.target ?? ""} |`;
const table = ["| what | median s | range s | n | target |", "|---|---|---|---|---|", ...figures.map(row)].join("\n");
const out = join(artifactsDir, "bench", `harness-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
mkdirSync(join(artifactsDir, "bench"), { recursive: true });
writeFileSync(
  out,
  JSON.stringify({ when: new Date().toISOString(), cpu: cpus()[0]?.model, cores: cpus().length, versions: { hadoop: m.hadoop.version, spark: m.spark.version }, image, figures }, null, 2),
);
console.log(table);
console.log(`\n${cpus().length} × ${cpus()[0]?.model}; samples in ${out}`);
