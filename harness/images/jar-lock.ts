// images/jars.lock records the sha256 of every jar that goes into the image; a changed jar stops the build.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { HarnessError } from "../errors/harness-error.ts";
import { imagesDir } from "../util/paths.ts";
import { sha256File } from "./pyspark-source.ts";

export const jarLockPath = join(imagesDir, "jars.lock");

/** Parses "sha256  group/file.jar" lines; blank lines and # comments are skipped. */
export function parseJarLock(text: string, where = jarLockPath): Map<string, string> {
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

/** Checks the jars against the lock; writes the lock when there is none yet. */
export async function verifyJarLock(hadoopLib: string, sparkJars: string): Promise<void> {
  const actual = new Map<string, string>();
  for (const [group, dir] of [["hadoop", hadoopLib], ["spark", sparkJars]] as const) {
    for (const f of readdirSync(dir).filter((f) => f.endsWith(".jar")).sort()) {
      actual.set(`${group}/${basename(f)}`, await sha256File(join(dir, f)));
    }
  }
  if (!existsSync(jarLockPath) || process.env.SHIELDLAB_UPDATE_JAR_LOCK === "1") {
    const body = [...actual].map(([p, s]) => `${s}  ${p}`).join("\n");
    writeFileSync(jarLockPath, `# sha256 of every jar in the hadoop-spark image; written by the image build.\n${body}\n`);
    return;
  }
  const problems = diffJarLock(parseJarLock(readFileSync(jarLockPath, "utf8")), actual);
  if (problems.length > 0) {
    throw new HarnessError(
      "CHECKSUM_MISMATCH",
      `jars differ from images/jars.lock (${problems.length}): ${problems.slice(0, 5).join("; ")}${problems.length > 5 ? "; …" : ""}. ` +
        "If the versions in images/manifest.json changed on purpose, rebuild with SHIELDLAB_UPDATE_JAR_LOCK=1 and commit the lock.",
    );
  }
}
