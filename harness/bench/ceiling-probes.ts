// bench-limit: what this host's hardware allows, measured in the same run as the overheads — openssl speed
// (16 B … 16 KiB), the JDK's AES-GCM, Node's AES-GCM, and TLS handshakes per second on loopback.
import { createCipheriv, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { connect, createServer } from "node:tls";
import { execa } from "execa";
import { Bench } from "tinybench";
import { cacheDir, fixturesDir } from "../util/paths.ts";

export interface Ceiling {
  opensslAes256GcmKBps: Record<string, number>;
  jdkAesGcmMBps?: number;
  nodeAesGcmMBps: number;
  tlsHandshakesPerSecond: number;
}

/** Parses `openssl speed -evp aes-256-gcm` (the last line: name then k-bytes/s per block size). */
export function parseOpensslSpeed(text: string): Record<string, number> {
  const header = /type\s+((?:\d+ bytes\s*)+)/.exec(text)?.[1]?.trim().split(/\s+bytes\s*/).filter(Boolean) ?? [];
  const line = text.split("\n").reverse().find((l) => /^aes-256-gcm\s/i.test(l.trim()) || /^AES-256-GCM\s/.test(l.trim()));
  if (!line || header.length === 0) return {};
  const values = line.trim().split(/\s+/).slice(1).map((v) => Number(v.replace(/k$/, "")));
  return Object.fromEntries(header.map((h, i) => [`${h}B`, values[i] ?? NaN]));
}

async function opensslSpeed(): Promise<Record<string, number>> {
  const r = await execa("openssl", ["speed", "-seconds", "1", "-evp", "aes-256-gcm"], { reject: false, all: true });
  return parseOpensslSpeed(r.all ?? "");
}

async function jdkProbe(): Promise<number | undefined> {
  const out = join(cacheDir, "bench-classes");
  mkdirSync(out, { recursive: true });
  const c = await execa("javac", ["-d", out, join(fixturesDir, "bench", "AesGcmProbe.java")], { reject: false });
  if (c.exitCode !== 0) return undefined;
  const r = await execa("java", ["-cp", out, "AesGcmProbe", "16384", "3"], { reject: false });
  const m = /jdk_aes_gcm_mb_s=([\d.]+)/.exec(r.stdout);
  return m ? Number(m[1]) : undefined;
}

/** Node's aes-256-gcm on 16 KiB buffers with tinybench: MB/s from its mean throughput (ops/s). */
async function nodeAesGcm(seconds = 2): Promise<number> {
  const key = randomBytes(32);
  const data = randomBytes(16384);
  let n = 0;
  const bench = new Bench({ name: "node-aes-gcm", time: seconds * 1000, warmupTime: 300 });
  bench.add("aes-256-gcm 16 KiB", () => {
    const iv = Buffer.alloc(12);
    iv.writeUInt32BE(n++ >>> 0);
    const c = createCipheriv("aes-256-gcm", key, iv);
    c.update(data);
    c.final();
    c.getAuthTag();
  });
  await bench.run();
  const r = bench.tasks[0]?.result as { throughput?: { mean: number } } | undefined;
  return ((r?.throughput?.mean ?? 0) * data.length) / 1e6;
}

async function tlsHandshakes(seconds = 3): Promise<number> {
  // a throwaway self-signed EC certificate, made with openssl
  const dir = join(cacheDir, "bench-tls");
  mkdirSync(dir, { recursive: true });
  await execa("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "1", "-subj", "/CN=localhost"]);
  const server = createServer({ key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) }, (s) => s.end());
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    await new Promise<void>((resolve, reject) => {
      const s = connect({ host: "127.0.0.1", port, rejectUnauthorized: false, session: undefined }, () => {
        count++;
        s.destroy();
        resolve();
      });
      s.on("error", reject);
    });
  }
  server.close();
  return count / ((performance.now() - start) / 1000);
}

export async function measureCeiling(): Promise<Ceiling> {
  return {
    opensslAes256GcmKBps: await opensslSpeed(),
    jdkAesGcmMBps: await jdkProbe(),
    nodeAesGcmMBps: await nodeAesGcm(),
    tlsHandshakesPerSecond: await tlsHandshakes(),
  };
}
