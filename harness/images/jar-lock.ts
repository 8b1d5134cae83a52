// images/jars-<hadoop>.lock records the sha256 of every Hadoop jar Maven resolves for that release; a changed jar
// stops the build. Spark's jars need no lock: they come out of the sha256-pinned pyspark sdist.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { HarnessError } from "../errors/harness-error.ts";
import { imagesDir } from "../util/paths.ts";
import type { Manifest } from "./manifest.ts";
import { sha256File } from "./pyspark-source.ts";

/** The lock of the pair's Hadoop release. */
export function jarLockPath(m: Pick<Manifest, "pair">): string {
  return join(imagesDir, m.pair.hadoop.lock);
}

/** Parses "sha256  group/file.jar" lines; blank lines and # comments are skipped. */
export function parseJarLock(text: string, where = "jar lock"): Map<string, string> {
  const out = new Map<string, string>();
  text.split("\n").forEach((line, i) => {
    const t = line.trim();
    if (!t || t.startsWith("#")) return;
    const m = /^([0-9a-f]{64})\s+(\S+)$/.exec(t);
    if (!m) throw new HarnessError("INVALID_INPUT", `${where}:${i + 1}: expected "<sha256>  <path>", got ${JSON.stringify(t)}`);
    out.set(m[2]!, m[1]!);
  });
  return out;
}

export function diffJarLock(expected: Map<string, string>, actual: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const [path, sum] of actual) {
    const want = expected.get(path);
    if (want === undefined) problems.push(`${path} is not in the lock`);
    else if (want !== sum) problems.push(`${path} has sha256 ${sum}, lock says ${want}`);
  }
  for (const path of expected.keys()) if (!actual.has(path)) problems.push(`${path} is in the lock but was not resolved`);
  return problems;
}

/** "hadoop/<file>.jar" → sha256 of every jar in a folder. */
export async function hashJars(dir: string, group = "hadoop"): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".jar")).sort()) out.set(`${group}/${basename(f)}`, await sha256File(join(dir, f)));
  return out;
}

export function renderJarLock(version: string, jars: Map<string, string>): string {
  const body = [...jars].map(([p, s]) => `${s}  ${p}`).join("\n");
  return `# sha256 of every Hadoop ${version} jar in the hadoop-spark image; written by the image build (SHIELDLAB_UPDATE_JAR_LOCK=1).\n${body}\n`;
}

/** Checks the Hadoop jars against the release's lock; writes the lock when there is none yet. */
export async function verifyJarLock(m: Pick<Manifest, "pair">, hadoopLib: string): Promise<void> {
  const lock = jarLockPath(m);
  const actual = await hashJars(hadoopLib);
  if (!existsSync(lock) || process.env.SHIELDLAB_UPDATE_JAR_LOCK === "1") {
    writeFileSync(lock, renderJarLock(m.pair.hadoop.version, actual));
    return;
  }
  const problems = diffJarLock(parseJarLock(readFileSync(lock, "utf8"), lock), actual);
  if (problems.length > 0) {
    throw new HarnessError(
      "CHECKSUM_MISMATCH",
      `Hadoop ${m.pair.hadoop.version} jars differ from images/${m.pair.hadoop.lock} (${problems.length}): ${problems.slice(0, 5).join("; ")}${problems.length > 5 ? "; …" : ""}. ` +
        "If the release in images/manifest.json changed on purpose, rebuild with SHIELDLAB_UPDATE_JAR_LOCK=1 and commit the lock.",
    );
  }
}
