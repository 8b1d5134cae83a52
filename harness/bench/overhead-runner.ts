// bench-overhead: the shuffle job under each security profile on one real cluster, runs interleaved, ratios to
// plain with bootstrap intervals; JSON with every sample, Markdown table and SVG chart in artifacts/bench/.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { ClusterBuilder } from "../cluster/cluster-builder.ts";
import { KdcLayer } from "../kdc/kdc-layer.ts";
import { resolveProfile } from "../cluster/security-profile.ts";
import { reap } from "../engine/reaper.ts";
import { ensureImages } from "../images/image-set.ts";
import { loadManifest } from "../images/manifest.ts";
import { silentLogger, type Logger } from "../log/logger.ts";
import { JOBS } from "../steps/spark-submit-step.ts";
import { sparkSubmit } from "../spark/spark-submit.ts";
import { artifactsDir } from "../util/paths.ts";
import { startStep } from "../util/progress.ts";
import { measureCeiling } from "./ceiling-probes.ts";
import { hasInterval, renderMarkdown, renderSvgChart, type ProfileRow } from "./overhead-report.ts";
import { profileConf } from "./profile-conf.ts";
import { bootstrapRatio, interleavedSchedule, mean } from "./ratio-stats.ts";

export const BENCH_PROFILES = ["plain", "auth", "auth-ctr", "auth-gcm", "sasl", "tls-rpc"] as const;
/**
 * Under --kerberos: one Kerberized cluster whose daemons accept both qualities of protection, each job's YARN client
 * choosing its own (spark.hadoop.hadoop.rpc.protection): authentication (the baseline) or privacy (SASL auth-conf).
 */
export const KERBEROS_BENCH_CONFIGS = ["krb-authentication", "krb-privacy"] as const;

export interface OverheadOptions {
  sizeMb: number;
  reps: number;
  /** also each profile with spark.io.encryption.enabled */
  withIoEncryption: boolean;
  /** YARN RPC protection under Kerberos instead of the Spark profiles (KERBEROS_BENCH_CONFIGS) */
  kerberos?: boolean;
  seed?: number;
  log?: Logger;
}

export interface Sample {
  round: number;
  profile: string;
  appId?: string;
  elapsedMs?: number;
  cpuMs?: number;
  wallMs: number;
  ok: boolean;
  error?: string;
}

export function parseTiming(stdout: string): { elapsedMs: number; cpuMs: number } | undefined {
  const m = /^timing elapsed_ms=(\d+) executor_cpu_ms=(\d+)/m.exec(stdout);
  return m ? { elapsedMs: Number(m[1]), cpuMs: Number(m[2]) } : undefined;
}

export async function runOverheadBench(o: OverheadOptions): Promise<{ dir: string; markdown: string }> {
  const m = loadManifest();
  await reap({ keepLiveOwners: true, keepKept: true });
  const images = await ensureImages();
  const configs: string[] = o.kerberos ? [...KERBEROS_BENCH_CONFIGS] : BENCH_PROFILES.flatMap((p) => (o.withIoEncryption ? [p, `${p}+io-enc`] : [p]));
  const baseline = configs[0]!;
  const step = startStep("bench", `${o.kerberos ? "Kerberized " : ""}cluster for ${configs.length} configurations × ${o.reps} rep(s), ${o.sizeMb} MB shuffle`);
  const builder = new ClusterBuilder({ image: images.hadoopSpark }).withTopology({ nodeManagers: 2, tenants: ["alice"] }).withJvmStart("full-jit").withRpcKeystore().withLogger(o.log ?? silentLogger);
  if (o.kerberos) builder.withSecurity({ profile: "plain", kerberos: { rpcProtection: ["authentication", "privacy"] } }).withLayer(KdcLayer.of({}));
  const cluster = await builder.start();
  step.done(cluster.sessionId);
  const samples: Sample[] = [];
  const confOf = (name: string): Record<string, string> => {
    if (name.startsWith("krb-")) return { ...profileConf(cluster.topology, resolveProfile("plain"), cluster.secrets), "spark.hadoop.hadoop.rpc.protection": name.slice(4) };
    const [base, io] = name.split("+");
    return profileConf(cluster.topology, resolveProfile(io ? { profile: base, ioEncryption: true } : base), cluster.secrets);
  };
  const runOne = async (round: number, profile: string): Promise<Sample> => {
    const t0 = Date.now();
    const r = await sparkSubmit(cluster, {
      tenant: "alice",
      mainClass: JOBS.shuffle.mainClass,
      args: [String(o.sizeMb), "SHIELDLAB-BENCH", "4"],
      conf: { ...confOf(profile), "spark.shuffle.compress": "false" },
      timeoutMs: 15 * 60_000,
    });
    const t = parseTiming(r.stdout);
    return { round, profile, appId: r.appId, wallMs: Date.now() - t0, ok: r.exitCode === 0 && t !== undefined, elapsedMs: t?.elapsedMs, cpuMs: t?.cpuMs, error: r.exitCode === 0 ? undefined : r.stderr.split("\n").filter((l) => /Exception|ERROR/.test(l)).slice(0, 3).join(" | ") };
  };
  try {
    const warm = startStep("bench", `warm-up (${baseline}, discarded)`);
    await runOne(-1, baseline);
    warm.done();
    const schedule = interleavedSchedule(configs, o.reps, o.seed ?? 1);
    let done = 0;
    const total = configs.length * o.reps;
    const prog = startStep("bench", `${total} runs`);
    for (const [round, order] of schedule.entries()) {
      for (const profile of order) {
        const s = await runOne(round, profile);
        samples.push(s);
        prog.update(`${++done}/${total}: ${profile} ${s.ok ? `${s.elapsedMs} ms` : "FAILED"}`);
      }
    }
    prog.done();
  } finally {
    await cluster.stop();
  }
  const ceilingStep = startStep("bench", "ceiling: openssl speed, JDK and Node AES-GCM, TLS handshakes (same host, same run)");
  const ceiling = await measureCeiling();
  ceilingStep.done();
  const ok = (p: string): Sample[] => samples.filter((s) => s.profile === p && s.ok);
  const base = ok(baseline);
  const rows: ProfileRow[] = configs
    .filter((p) => ok(p).length > 0 && base.length > 0)
    .map((p) => ({
      profile: p,
      elapsed: bootstrapRatio(ok(p).map((s) => s.elapsedMs!), base.map((s) => s.elapsedMs!)),
      cpu: bootstrapRatio(ok(p).map((s) => s.cpuMs! || 1), base.map((s) => s.cpuMs! || 1)),
      meanElapsedMs: mean(ok(p).map((s) => s.elapsedMs!)),
      meanCpuMs: mean(ok(p).map((s) => s.cpuMs!)),
    }));
  const failed = samples.filter((s) => !s.ok);
  const wide = rows.filter((r) => !hasInterval(r.elapsed) || r.elapsed.relativeHalfWidth > 0.05);
  const note = [
    "Container traffic crosses a local Docker bridge on one 2-core host, not a real network.",
    o.reps < 2 ? "One repetition (smoke mode): no interval can be given; the ratios check the machinery, not the figures." : wide.length ? `Intervals wider than ±5 % (⚠): ${wide.map((r) => r.profile).join(", ")} — too few repetitions for the run-to-run noise of JVMs sharing 2 cores; raise --reps.` : "All intervals are within ±5 % of their ratio.",
    failed.length ? `${failed.length} run(s) failed and are left out: ${[...new Set(failed.map((f) => f.profile))].join(", ")}.` : "",
  ].filter(Boolean).join("\n");
  const gcm = ceiling.opensslAes256GcmKBps;
  const ceilingMd = [
    "",
    "The ceiling on this host, measured in the same run:",
    "",
    "| probe | result |",
    "|---|---|",
    `| openssl speed -evp aes-256-gcm | ${Object.entries(gcm).map(([b, v]) => `${b}: ${(v / 1000).toFixed(0)} MB/s`).join(", ") || "unavailable"} |`,
    `| JDK AES/GCM/NoPadding, 16 KiB buffers | ${ceiling.jdkAesGcmMBps?.toFixed(0) ?? "unavailable"} MB/s |`,
    `| Node aes-256-gcm, 16 KiB buffers | ${ceiling.nodeAesGcmMBps.toFixed(0)} MB/s |`,
    `| TLS 1.3 handshakes on loopback (Node client + server, P-256) | ${ceiling.tlsHandshakesPerSecond.toFixed(0)} /s |`,
    "",
  ].join("\n");
  const markdown = renderMarkdown(rows, { sizeMb: o.sizeMb, reps: o.reps, note, baseline }) + ceilingMd;
  const dir = join(artifactsDir, "bench", `overhead-${new Date().toISOString().replace(/[:.]/g, "-")}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "overhead.md"), markdown);
  writeFileSync(join(dir, "overhead.svg"), renderSvgChart(rows, `Shuffle time ratio to ${baseline} (${o.sizeMb} MB, ${o.reps} reps, 95 % bootstrap)`));
  writeFileSync(
    join(dir, "overhead.json"),
    JSON.stringify({ when: new Date().toISOString(), cpu: cpus()[0]?.model, cores: cpus().length, memoryBytes: totalmem(), versions: { hadoop: m.hadoop.version, spark: m.spark.version, image: images.hadoopSpark, node: process.version }, config: { ...o, log: undefined }, profiles: configs, rows, samples, ceiling }, null, 2),
  );
  return { dir, markdown };
}
