// Where the CPU goes, from JDK Flight Recorder files: `jfr print` (the JDK's own tool) streams the CPU samples, each
// sample is put in one category by its leaf-most recognised frame (class loading by any frame), stacks are folded for
// a flame graph, GC pauses are summed. Categories: cipher, network (Spark's framing and copying, Netty), serialization,
// compression, parquet, shuffle files and sorting, query operators (joins, aggregation, generated code, rows and
// decimals), planning (parsing, optimising, compiling generated code), class loading, other. Helper frames that serve
// every category (Spark's Platform/unsafe memory copies, java.math) are not classified themselves: their caller decides.
import { createInterface } from "node:readline";
import { execa } from "execa";
import { HarnessError } from "../../errors/harness-error.ts";

export const CATEGORIES = ["cipher", "network", "serialization", "compression", "parquet", "shuffle-sort", "operators", "planning", "classload", "other"] as const;
export type Category = (typeof CATEGORIES)[number] | "gc";

/** Class-name prefixes per category, checked in this order on each frame (the first category that matches wins). */
export const CATEGORY_RULES: ReadonlyArray<{ category: Exclude<Category, "other" | "gc">; prefixes: string[] }> = [
  // class loading reads and inflates jar entries: without this rule its java.util.zip frames would count as compression
  { category: "classload", prefixes: ["jdk.internal.loader.", "java.lang.ClassLoader.", "java.net.URLClassLoader.", "java.util.jar.", "java.util.zip.ZipFile", "org.apache.spark.util.MutableURLClassLoader", "org.apache.spark.util.ChildFirstURLClassLoader"] },
  {
    category: "cipher",
    prefixes: ["javax.crypto.", "com.sun.crypto.provider.", "sun.security.ssl.", "sun.security.provider.", "com.google.crypto.tink.", "org.apache.commons.crypto.", "io.netty.handler.ssl.", "org.bouncycastle.", "sun.security.pkcs11.", "org.apache.spark.security.CryptoStreamUtils"],
  },
  { category: "compression", prefixes: ["net.jpountz.", "com.github.luben.zstd.", "org.xerial.snappy.", "java.util.zip.", "io.airlift.compress.", "org.apache.spark.io.LZ4", "org.apache.spark.io.Zstd", "org.apache.spark.io.Snappy", "org.apache.parquet.hadoop.codec.", "org.apache.hadoop.io.compress."] },
  {
    category: "serialization",
    prefixes: ["org.apache.spark.serializer.", "com.esotericsoftware.kryo.", "com.twitter.chill.", "java.io.ObjectOutputStream", "java.io.ObjectInputStream", "org.apache.spark.sql.execution.UnsafeRowSerializer", "org.apache.spark.sql.execution.UnsafeRowSerializerInstance", "org.apache.spark.sql.catalyst.expressions.UnsafeRow.writeToStream", "org.apache.spark.sql.execution.joins.UnsafeHashedRelation.read", "org.apache.spark.sql.execution.joins.LongToUnsafeRowMap.read"],
  },
  { category: "parquet", prefixes: ["org.apache.parquet.", "org.apache.spark.sql.execution.datasources.parquet.", "org.apache.spark.sql.execution.vectorized.", "org.apache.spark.sql.vectorized.", "shaded.parquet."] },
  { category: "network", prefixes: ["org.apache.spark.network.", "io.netty.", "sun.nio.ch.", "java.nio.channels.", "org.apache.spark.storage.ShuffleBlockFetcherIterator", "org.apache.spark.rpc.netty."] },
  // compiling generated code runs on the executors too (Janino); before "operators", whose prefix would take CodeGenerator
  {
    category: "planning",
    prefixes: ["org.codehaus.janino.", "org.codehaus.commons.compiler.", "org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator", "org.antlr.", "org.apache.spark.sql.catalyst.parser.", "org.apache.spark.sql.catalyst.analysis.", "org.apache.spark.sql.catalyst.optimizer.", "org.apache.spark.sql.catalyst.rules.", "org.apache.spark.sql.execution.QueryExecution", "org.apache.spark.sql.execution.SparkPlanner", "org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec"],
  },
  // writing and reading shuffle and spill files, and the sorts in front of them
  {
    category: "shuffle-sort",
    prefixes: ["org.apache.spark.shuffle.", "org.apache.spark.util.collection.", "org.apache.spark.storage.", "org.apache.spark.sql.execution.UnsafeExternalRowSorter", "org.apache.spark.sql.execution.UnsafeKVExternalSorter", "org.apache.spark.sql.execution.exchange.", "org.apache.spark.io.ReadAheadInputStream", "org.apache.spark.io.NioBufferedFileInputStream"],
  },
  // the query's own work: whole-stage generated code, joins, aggregation, expressions on rows and decimals
  { category: "operators", prefixes: ["org.apache.spark.sql.execution.", "org.apache.spark.sql.catalyst.expressions.", "org.apache.spark.sql.catalyst.plans.", "org.apache.spark.unsafe.map."] },
];

/** Value helpers (decimals, strings, dates) every category calls: the caller's category decides; alone, they are operators. */
export const OPERATOR_HELPERS = ["org.apache.spark.sql.types.", "org.apache.spark.unsafe.types.", "org.apache.spark.sql.catalyst.util.", "scala.math.BigDecimal", "java.math."];

/** "java.util.zip.Deflater.deflate(byte[]) line: 484" → "java.util.zip.Deflater.deflate" */
export function frameName(line: string): string {
  const t = line.trim();
  const paren = t.indexOf("(");
  return paren > 0 ? t.slice(0, paren) : t.replace(/\s+line:.*$/, "");
}

export function frameCategory(frame: string): Exclude<Category, "gc"> {
  for (const r of CATEGORY_RULES) if (r.prefixes.some((p) => frame.startsWith(p))) return r.category;
  return "other";
}

/** The stack-wide rule: a sample anywhere inside class loading is class loading, whatever its leaf. */
const CLASSLOAD = CATEGORY_RULES[0]!;

/** A sample's category: class loading if any frame loads a class, else its leaf-most frame that a rule recognises (frames leaf first). */
export function classifyStack(framesLeafFirst: readonly string[]): Exclude<Category, "gc"> {
  if (framesLeafFirst.some((f) => CLASSLOAD.prefixes.some((p) => f.startsWith(p)))) return "classload";
  for (const f of framesLeafFirst) {
    const c = frameCategory(f);
    if (c !== "other") return c;
  }
  return framesLeafFirst.some((f) => OPERATOR_HELPERS.some((p) => f.startsWith(p))) ? "operators" : "other";
}

export interface JfrProfile {
  /** CPU ms per category: each sample weighs its event's period (jdk.ExecutionSample; jdk.NativeMethodSample only
   * where a native compressor or cipher runs) */
  cpuMs: Record<Exclude<Category, "gc">, number>;
  totalSamples: number;
  /** sum of GC pauses (jdk.GarbageCollection sumOfPauses), ms */
  gcPauseMs: number;
  /** "root;…;leaf" → CPU ms, for flame graphs */
  folded: Map<string, number>;
}

/** The sampling periods of fixtures/bench/jfr/shieldlab-cpu.jfc, the settings the benchmark records with. */
export const SAMPLE_PERIODS = { javaMs: 10, nativeMs: 20 } as const;

export const emptyProfile = (): JfrProfile => ({ cpuMs: Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as JfrProfile["cpuMs"], totalSamples: 0, gcPauseMs: 0, folded: new Map() });

const toMs = (v: string): number => {
  const m = /^([\d.]+)\s*(ns|us|ms|s|min)$/.exec(v.trim());
  if (!m) return 0;
  const f = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000, min: 60_000 }[m[2] as "ns" | "us" | "ms" | "s" | "min"];
  return Number(m[1]) * f;
};

/** A span of wall-clock time, epoch ms: one timed query run. */
export interface TimeWindow {
  startMs: number;
  endMs: number;
}

const DAY_MS = 86_400_000;

/** "14:23:45.238" or "14:23:45.238 (2026-12-07)" (`jfr print` writes UTC; the date only on some lines) → epoch ms, or
 * ms of the day when there is no date. */
export function jfrTime(v: string): { epochMs?: number; msOfDay: number } | undefined {
  const m = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:\s+\((\d{4}-\d{2}-\d{2})\))?$/.exec(v.trim());
  if (!m) return undefined;
  const msOfDay = ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Math.floor(Number(`0.${m[4] ?? "0"}`) * 1000);
  return m[5] ? { epochMs: Date.parse(`${m[5]}T00:00:00Z`) + msOfDay, msOfDay } : { msOfDay };
}

/** Whether a `jfr print` time falls in the window; without a date, by time of day (a window is far shorter than a day). */
export function inWindow(t: { epochMs?: number; msOfDay: number }, w: TimeWindow): boolean {
  if (t.epochMs !== undefined) return t.epochMs >= w.startMs && t.epochMs <= w.endMs;
  const since = (t.msOfDay - (w.startMs % DAY_MS) + DAY_MS) % DAY_MS;
  return since <= w.endMs - w.startMs;
}

/** Folds `jfr print` text (events jdk.ExecutionSample, jdk.NativeMethodSample, jdk.GarbageCollection) into a profile;
 * with windows, only the events that start inside one of them. */
export class JfrTextFolder {
  readonly profile: JfrProfile;
  #type: string | undefined;
  #frames: string[] = [];
  #inStack = false;
  #inside = true;
  #gcPauseMs = 0;

  readonly #periods: { javaMs: number; nativeMs: number };
  readonly #windows: readonly TimeWindow[] | undefined;

  constructor(into: JfrProfile = emptyProfile(), periods: { javaMs: number; nativeMs: number } = SAMPLE_PERIODS, windows?: readonly TimeWindow[]) {
    this.profile = into;
    this.#periods = periods;
    this.#windows = windows;
  }

  line(raw: string): void {
    const t = raw.trim();
    const open = /^(jdk\.\w+) \{$/.exec(t);
    if (open) {
      this.#type = open[1];
      this.#frames = [];
      this.#inStack = false;
      this.#inside = true;
      this.#gcPauseMs = 0;
      return;
    }
    if (!this.#type) return;
    if (t === "stackTrace = [") this.#inStack = true;
    else if (this.#inStack && t === "]") this.#inStack = false;
    else if (this.#inStack) {
      if (t !== "..." && t.length > 0) this.#frames.push(frameName(t));
    } else if (t.startsWith("startTime = ") && this.#windows) {
      const when = jfrTime(t.slice("startTime = ".length));
      this.#inside = when === undefined || this.#windows.some((w) => inWindow(when, w));
    } else if (this.#type === "jdk.GarbageCollection" && t.startsWith("sumOfPauses = ")) this.#gcPauseMs = toMs(t.slice("sumOfPauses = ".length));
    else if (t === "}") this.#end();
  }

  #end(): void {
    const type = this.#type;
    this.#type = undefined;
    if (!this.#inside) return;
    if (type === "jdk.GarbageCollection") this.profile.gcPauseMs += this.#gcPauseMs;
    if (type !== "jdk.ExecutionSample" && type !== "jdk.NativeMethodSample") return;
    if (this.#frames.length === 0) return;
    const category = classifyStack(this.#frames);
    // a native sample is a thread inside a native method — often blocked (epoll, socket read); count it as CPU only
    // when that native method is a compressor or a cipher, which spend CPU there
    if (type === "jdk.NativeMethodSample" && !(frameCategory(this.#frames[0]!) === "compression" || frameCategory(this.#frames[0]!) === "cipher")) return;
    const ms = type === "jdk.NativeMethodSample" ? this.#periods.nativeMs : this.#periods.javaMs;
    this.profile.cpuMs[category] += ms;
    this.profile.totalSamples++;
    const key = [...this.#frames].reverse().join(";");
    this.profile.folded.set(key, (this.profile.folded.get(key) ?? 0) + ms);
  }
}

export function foldJfrText(text: string, into?: JfrProfile, periods?: { javaMs: number; nativeMs: number }, windows?: readonly TimeWindow[]): JfrProfile {
  const f = new JfrTextFolder(into, periods, windows);
  for (const l of text.split("\n")) f.line(l);
  return f.profile;
}

/** Reads a .jfr file with the JDK's `jfr print`, streaming (recordings of a whole run can be large). */
export async function readJfr(file: string, o: { into?: JfrProfile; stackDepth?: number; jfrBin?: string; periods?: { javaMs: number; nativeMs: number }; windows?: readonly TimeWindow[] } = {}): Promise<JfrProfile> {
  const folder = new JfrTextFolder(o.into, o.periods, o.windows);
  // TZ=UTC: the times it prints are then UTC whatever this machine's zone (the window is compared by time of day)
  const child = execa(o.jfrBin ?? "jfr", ["print", "--events", "jdk.ExecutionSample,jdk.NativeMethodSample,jdk.GarbageCollection", "--stack-depth", String(o.stackDepth ?? 96), file], { reject: false, buffer: false, stdin: "ignore", stderr: "pipe", env: { TZ: "UTC" } });
  let stderr = "";
  child.stderr?.on("data", (b: Buffer) => (stderr += b.toString()));
  for await (const line of createInterface({ input: child.stdout! })) folder.line(line);
  const r = await child;
  if (r.exitCode !== 0) throw new HarnessError("EXEC_FAILED", `jfr print ${file} failed (exit ${r.exitCode}): ${stderr.trim().split("\n").slice(-3).join(" | ")}`, { hint: "The JDK's jfr tool must be on PATH (it ships with every JDK 11+)." });
  return folder.profile;
}

export interface CategoryShare {
  category: Category;
  cpuMs: number;
  share: number;
}

/** CPU ms per category plus GC pauses; shares of the sum. */
export function shares(p: JfrProfile): CategoryShare[] {
  const rows: CategoryShare[] = CATEGORIES.map((c) => ({ category: c, cpuMs: p.cpuMs[c], share: 0 }));
  rows.push({ category: "gc", cpuMs: p.gcPauseMs, share: 0 });
  const total = rows.reduce((s, r) => s + r.cpuMs, 0);
  for (const r of rows) r.share = total > 0 ? r.cpuMs / total : 0;
  return rows;
}

export interface ExtraSecondsRow {
  category: Category;
  baselineS: number;
  profileS: number;
  extraS: number;
}

/** "Where the extra seconds go": per category, the profile's CPU seconds per app minus the baseline's. */
export function extraSeconds(profile: JfrProfile, profileApps: number, baseline: JfrProfile, baselineApps: number): ExtraSecondsRow[] {
  const a = shares(profile);
  const b = shares(baseline);
  return a.map((r, i) => {
    const profileS = r.cpuMs / 1000 / Math.max(1, profileApps);
    const baselineS = b[i]!.cpuMs / 1000 / Math.max(1, baselineApps);
    return { category: r.category, baselineS, profileS, extraS: profileS - baselineS };
  });
}

/** The cipher's physical floor: bytes through the cipher at the JDK's measured AES-GCM throughput, in seconds. */
export function cipherFloorSeconds(bytesThroughCipher: number, jdkAesGcmMBps: number): number {
  return bytesThroughCipher / (jdkAesGcmMBps * 1e6);
}

/** Bytes a profile puts through a cipher per app: network crypto/TLS encrypt and decrypt what crosses between executors; I/O encryption what is written to and read back from shuffle and spill files. */
export function bytesThroughCipher(o: { network: boolean; io: boolean }, m: { shuffleRemoteReadBytes: number; shuffleWriteBytes: number; diskSpillBytes: number }): number {
  return (o.network ? 2 * m.shuffleRemoteReadBytes : 0) + (o.io ? 2 * (m.shuffleWriteBytes + m.diskSpillBytes) : 0);
}
