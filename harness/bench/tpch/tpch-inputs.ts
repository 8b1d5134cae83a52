// TPC-H inputs, pinned and content-keyed: the tpchgen-cli wheel (PyPI) makes the parquet once per scale; Spark's
// spark-sql tests jar (Maven) gives the query text; io.trino.tpch:tpch gives reference answers. Every download is
// checked against images/tpch-inputs.lock before use; caches sit under .cache/tpch/ and carry a .complete marker.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { HarnessError } from "../../errors/harness-error.ts";
import { ContentHasher } from "../../images/content-hash.ts";
import { parseJarLock } from "../../images/jar-lock.ts";
import { sha256File } from "../../images/pyspark-source.ts";
import { cacheDir, imagesDir } from "../../util/paths.ts";

export const TPCH_LOCK = join(imagesDir, "tpch-inputs.lock");
export const TPCHGEN_VERSION = "4.0.0";
export const TPCH_TABLES = ["nation", "region", "part", "supplier", "partsupp", "customer", "orders", "lineitem"] as const;
/** io.trino.tpch:tpch 1.2 (1.3 is not served here); its answers are for scale factor 0.01. */
export const REFERENCE = { group: "io.trino.tpch", artifact: "tpch", version: "1.2", scale: 0.01, prefix: "io/trino/tpch/queries" } as const;
/**
 * The tests jar that gives a Spark release its query text. 4.0.5 and 4.1.4 have no tests jar served here; tpch/*.sql
 * is byte-identical in 3.5.9, 4.0.4 and 4.1.3 (checked 2026-12-07), so each line uses its newest served jar.
 */
export const QUERY_JARS: ReadonlyArray<{ spark: RegExp; jar: string }> = [
  { spark: /^4\.1\./, jar: "4.1.3" },
  { spark: /^4\.0\./, jar: "4.0.4" },
  { spark: /^3\./, jar: "3.5.9" },
];

export function queryJarVersion(sparkVersion: string): string {
  const hit = QUERY_JARS.find((q) => q.spark.test(sparkVersion));
  if (!hit) throw new HarnessError("INVALID_INPUT", `no TPC-H query jar for Spark ${sparkVersion}: add a line to QUERY_JARS in harness/bench/tpch/tpch-inputs.ts (a spark-sql_2.13 tests jar that resolves) and its sha256 to images/tpch-inputs.lock`);
  return hit.jar;
}

export interface DataOptions {
  scale: number;
  /** tpchgen-cli --parts: one file per table when 1 (a table is then <table>.parquet) */
  parts?: number;
  threads?: number;
}

/** The data cache's key: generator version and pin, scale and every option that changes the files. */
export function dataKey(o: DataOptions, wheelSha: string): string {
  return new ContentHasher().value("tpchgen", { version: TPCHGEN_VERSION, wheelSha }).value("options", { scale: o.scale, parts: o.parts ?? 1, format: "parquet", compression: "default" }).tag();
}

export function lockedSha(entry: string, lockFile = TPCH_LOCK): string {
  const lock = parseJarLock(readFileSync(lockFile, "utf8"), lockFile);
  const sha = lock.get(entry);
  if (!sha) throw new HarnessError("CHECKSUM_MISMATCH", `${entry} is not pinned in ${lockFile}: download it, check it, and add "<sha256>  ${entry}"`);
  return sha;
}

/** Throws unless the file's sha256 is the lock's. */
export async function verifyPinned(file: string, entry: string, lockFile = TPCH_LOCK): Promise<void> {
  const want = lockedSha(entry, lockFile);
  const got = await sha256File(file);
  if (got !== want) throw new HarnessError("CHECKSUM_MISMATCH", `${file} has sha256 ${got}, ${lockFile} pins ${want} for ${entry}. Delete the file to download it again; change the pin only after checking the release.`);
}

const dl = (): string => join(cacheDir, "tpch", "downloads");

async function run(cmd: string, args: string[], what: string, cwd?: string): Promise<void> {
  const r = await execa(cmd, args, { cwd, reject: false, all: true, stdin: "ignore" });
  if (r.exitCode !== 0) throw new HarnessError("EXEC_FAILED", `${what} failed (exit ${r.exitCode}): ${(r.all ?? "").split("\n").slice(-5).join(" | ")}`);
}

/** A Maven artifact copied into the downloads folder (mvn's own resolution, ~/.m2/settings.xml applies). */
async function mavenFile(coords: string, file: string): Promise<string> {
  const path = join(dl(), file);
  if (!existsSync(path)) {
    mkdirSync(dl(), { recursive: true });
    await run("mvn", ["-B", "-q", "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy", `-Dartifact=${coords}`, `-DoutputDirectory=${dl()}`], `Maven copy of ${coords}`);
  }
  await verifyPinned(path, `maven/${file}`);
  return path;
}

/** The tpchgen-cli binary out of its pinned wheel. */
export async function ensureTpchgen(): Promise<{ bin: string; wheelSha: string }> {
  const dir = join(cacheDir, "tpch", `tpchgen-cli-${TPCHGEN_VERSION}`);
  const bin = join(dir, `tpchgen_cli-${TPCHGEN_VERSION}.data`, "scripts", "tpchgen-cli");
  if (existsSync(join(dir, ".complete"))) return { bin, wheelSha: readFileSync(join(dir, ".complete"), "utf8").trim() };
  mkdirSync(dl(), { recursive: true });
  const find = (): string | undefined => readdirSync(dl()).find((f) => f.startsWith(`tpchgen_cli-${TPCHGEN_VERSION}-`) && f.endsWith(".whl"));
  if (!find()) await run("python3", ["-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "--disable-pip-version-check", "-d", dl(), `tpchgen-cli==${TPCHGEN_VERSION}`], `pip download of tpchgen-cli ${TPCHGEN_VERSION}`);
  const wheel = find();
  if (!wheel) throw new HarnessError("EXEC_FAILED", `pip download left no tpchgen-cli ${TPCHGEN_VERSION} wheel in ${dl()}`);
  await verifyPinned(join(dl(), wheel), `pypi/${wheel}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await run("jar", ["xf", join(dl(), wheel), `tpchgen_cli-${TPCHGEN_VERSION}.data/scripts/tpchgen-cli`], "extraction of tpchgen-cli", dir);
  chmodSync(bin, 0o755);
  const wheelSha = lockedSha(`pypi/${wheel}`);
  writeFileSync(join(dir, ".complete"), wheelSha);
  return { bin, wheelSha };
}

/** The parquet tables for a scale: generated once, then reused under the same key. */
export async function ensureTpchData(o: DataOptions): Promise<{ dir: string; key: string }> {
  if (!(o.scale > 0)) throw new HarnessError("INVALID_INPUT", `--scale must be > 0, got ${o.scale}`);
  const { bin, wheelSha } = await ensureTpchgen();
  const key = dataKey(o, wheelSha);
  const dir = join(cacheDir, "tpch", "data", `sf${o.scale}-${key}`);
  if (existsSync(join(dir, ".complete"))) return { dir, key };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const args = ["parquet", "-s", String(o.scale), "-o", dir, "--no-progress"];
  if ((o.parts ?? 1) > 1) args.push("--parts", String(o.parts));
  if (o.threads) args.push("-n", String(o.threads));
  await run(bin, args, `tpchgen-cli ${args.join(" ")}`);
  const missing = TPCH_TABLES.filter((t) => !existsSync(join(dir, `${t}.parquet`)) && !existsSync(join(dir, t)));
  if (missing.length) throw new HarnessError("EXEC_FAILED", `tpchgen-cli wrote no ${missing.join(", ")} under ${dir}`);
  writeFileSync(join(dir, ".complete"), JSON.stringify({ version: TPCHGEN_VERSION, wheelSha, ...o }));
  return { dir, key };
}

/** q1.sql … q22.sql of the tests jar that serves this Spark release. */
export async function ensureQueries(sparkVersion: string): Promise<{ dir: string; jarVersion: string }> {
  const jarVersion = queryJarVersion(sparkVersion);
  const dir = join(cacheDir, "tpch", `queries-spark-${jarVersion}`);
  if (existsSync(join(dir, ".complete"))) return { dir: join(dir, "tpch"), jarVersion };
  const jar = await mavenFile(`org.apache.spark:spark-sql_2.13:${jarVersion}:jar:tests`, `spark-sql_2.13-${jarVersion}-tests.jar`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await run("jar", ["xf", jar, "tpch"], `extraction of tpch/ from ${jar}`, dir);
  const n = readdirSync(join(dir, "tpch")).filter((f) => /^q\d+\.sql$/.test(f)).length;
  if (n !== 22) throw new HarnessError("EXEC_FAILED", `${jar} holds ${n} tpch/qN.sql files, expected 22`);
  writeFileSync(join(dir, ".complete"), jarVersion);
  return { dir: join(dir, "tpch"), jarVersion };
}

/** qN.sql and qN.result of io.trino.tpch:tpch — the reference answers at scale REFERENCE.scale. */
export async function ensureReferenceAnswers(): Promise<{ dir: string; scale: number }> {
  const dir = join(cacheDir, "tpch", `reference-${REFERENCE.artifact}-${REFERENCE.version}`);
  if (existsSync(join(dir, ".complete"))) return { dir: join(dir, REFERENCE.prefix), scale: REFERENCE.scale };
  const jar = await mavenFile(`${REFERENCE.group}:${REFERENCE.artifact}:${REFERENCE.version}`, `${REFERENCE.artifact}-${REFERENCE.version}.jar`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await run("jar", ["xf", jar, REFERENCE.prefix], `extraction of ${REFERENCE.prefix} from ${jar}`, dir);
  writeFileSync(join(dir, ".complete"), REFERENCE.version);
  return { dir: join(dir, REFERENCE.prefix), scale: REFERENCE.scale };
}
