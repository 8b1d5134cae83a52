// The jars the driver's Java EAR verifier needs for its unit tests, pinned with their sha256 in
// images/attest-plugin/test-jars.lock and resolved from Maven Central with mvn (as the Hadoop jars are) into
// .cache/ear-verifier-jars/<hash of the lock>/. A jar that cannot be resolved or differs from the lock is an error.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HarnessError } from "../../errors/harness-error.ts";
import { diffJarLock, parseJarLock } from "../../images/jar-lock.ts";
import { sha256File } from "../../images/pyspark-source.ts";
import { cacheDir, imagesDir } from "../../util/paths.ts";
import { runLogged } from "../../util/run-logged.ts";

export const EAR_VERIFIER_JAR_LOCK = join(imagesDir, "attest-plugin", "test-jars.lock");

export interface MavenCoordinate {
  groupId: string;
  artifactId: string;
  version: string;
}

/** "group:artifact:version" → its parts; anything else names the lock line's entry. */
export function parseCoordinate(s: string, where: string): MavenCoordinate {
  const m = /^([\w.-]+):([\w.-]+):([\w.-]+)$/.exec(s);
  if (!m) throw new HarnessError("INVALID_INPUT", `${where}: ${JSON.stringify(s)} is not groupId:artifactId:version`);
  return { groupId: m[1]!, artifactId: m[2]!, version: m[3]! };
}

/** The file name mvn dependency:copy-dependencies gives a plain jar. */
export const jarFileName = (c: MavenCoordinate): string => `${c.artifactId}-${c.version}.jar`;

/** A pom whose only job is to name the locked jars, none of their transitive ones (each is in the lock). */
export function renderLockPom(coordinates: readonly MavenCoordinate[]): string {
  const deps = coordinates
    .map((c) => `    <dependency><groupId>${c.groupId}</groupId><artifactId>${c.artifactId}</artifactId><version>${c.version}</version></dependency>`)
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- generated from images/attest-plugin/test-jars.lock by harness/attest/testing/ear-verifier-jars.ts -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.shieldlab</groupId>
  <artifactId>ear-verifier-test-jars</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
${deps}
  </dependencies>
</project>
`;
}

/** coordinate → sha256 of the jars in `dir`, matched by file name; a jar no coordinate names is keyed by its file name. */
export async function hashResolvedJars(dir: string, coordinates: readonly MavenCoordinate[]): Promise<Map<string, string>> {
  const byFile = new Map(coordinates.map((c) => [jarFileName(c), `${c.groupId}:${c.artifactId}:${c.version}`]));
  const out = new Map<string, string>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".jar")).sort()) out.set(byFile.get(f) ?? f, await sha256File(join(dir, f)));
  return out;
}

export interface ResolveJarsOptions {
  /** Default images/attest-plugin/test-jars.lock. */
  lockFile?: string;
  /** Default .cache/ear-verifier-jars. */
  cacheRoot?: string;
  /** The Maven command (tests put a stand-in here to exercise the failures offline). */
  mvn?: string;
}

/** The folder holding exactly the locked jars (downloading them on first use); throws HarnessError when it cannot. */
export async function resolveEarVerifierJars(o: ResolveJarsOptions = {}): Promise<string> {
  const lockFile = o.lockFile ?? EAR_VERIFIER_JAR_LOCK;
  const cacheRoot = o.cacheRoot ?? join(cacheDir, "ear-verifier-jars");
  const text = readFileSync(lockFile, "utf8");
  const lock = parseJarLock(text, lockFile);
  if (lock.size === 0) throw new HarnessError("INVALID_INPUT", `${lockFile} names no jars`);
  const coordinates = [...lock.keys()].map((k) => parseCoordinate(k, lockFile));
  const dir = join(cacheRoot, createHash("sha256").update(text).digest("hex").slice(0, 16));
  const jars = join(dir, "jars");
  if (existsSync(join(dir, ".complete")) && diffJarLock(lock, await hashResolvedJars(jars, coordinates)).length === 0) return jars;
  // resolve into a scratch folder and move it in whole, so a concurrent or interrupted run never sees half of it
  const scratch = `${dir}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(scratch, { recursive: true });
  try {
    writeFileSync(join(scratch, "pom.xml"), renderLockPom(coordinates));
    await runLogged(o.mvn ?? "mvn", ["-B", "-q", "-f", join(scratch, "pom.xml"), "dependency:copy-dependencies", "-DexcludeTransitive=true", `-DoutputDirectory=${join(scratch, "jars")}`], {
      logFile: join(cacheRoot, "maven.log"),
      what: `Maven resolution of the EAR verifier's test jars (${[...lock.keys()].join(", ")})`,
      hint: "Maven Central (or the mirror in ~/.m2/settings.xml) must serve these exact versions; the unit tests of images/attest-plugin cannot run without them.",
    });
    const problems = diffJarLock(lock, await hashResolvedJars(join(scratch, "jars"), coordinates));
    if (problems.length > 0) throw new HarnessError("CHECKSUM_MISMATCH", `the jars Maven resolved differ from ${lockFile}: ${problems.join("; ")}`);
    writeFileSync(join(scratch, ".complete"), new Date().toISOString());
    rmSync(dir, { recursive: true, force: true });
    renameSync(scratch, dir);
  } catch (e) {
    // another run may have moved its complete folder in first
    if (!existsSync(join(dir, ".complete")) || diffJarLock(lock, await hashResolvedJars(jars, coordinates)).length > 0) throw e;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return jars;
}
