// The hadoop-spark image: real Apache Hadoop YARN daemons (Maven Central) and Apache Spark (pinned pyspark sdist)
// on the base image, plus the fixture jobs compiled against those Spark jars.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { imageExists } from "../engine/docker-engine.ts";
import { startStep, type ProgressStep } from "../util/progress.ts";
import { runLogged } from "../util/run-logged.ts";
import { cacheDir, fixturesDir, imagesDir } from "../util/paths.ts";
import { ContentHasher, listFiles } from "./content-hash.ts";
import { verifyJarLock } from "./jar-lock.ts";
import { osUsers, type Manifest } from "./manifest.ts";
import { fetchPysparkSdist } from "./pyspark-source.ts";
import type { BuildContext, BuiltImage } from "./image-set.ts";

const RECIPE_VERSION = 1;
const recipeDir = join(imagesDir, "hadoop-spark");
const jobsSrc = join(fixturesDir, "jobs", "src");
export const JOBS_JAR = "/opt/shieldlab/jobs/shieldlab-jobs.jar";

export function hadoopSparkImageTag(m: Manifest, baseTag: string): string {
  const h = new ContentHasher()
    .value("recipe", RECIPE_VERSION)
    .value("base", baseTag)
    .value("hadoop", m.hadoop)
    .value("spark", m.spark)
    .value("users", osUsers(m))
    .tree("recipe", recipeDir)
    .tree("jobs", jobsSrc);
  return `shieldlab/hadoop-spark:${h.tag()}`;
}

export async function buildHadoopSparkImage(m: Manifest, baseTag: string, ctx: BuildContext): Promise<BuiltImage> {
  const tag = hadoopSparkImageTag(m, baseTag);
  if (await imageExists(tag)) return { name: "hadoop-spark", tag, built: false, seconds: 0 };
  const started = Date.now();
  const logFile = join(ctx.logDir, `hadoop-spark-${tag.split(":")[1]}.log`);

  const hadoopLib = await step(`hadoop: resolve YARN ${m.hadoop.version} jars from Maven Central`, (s) => resolveHadoopJars(m, logFile, s));
  const sparkHome = await step(`spark: pyspark ${m.spark.version} sdist (≈430 MB, checksum-pinned)`, (s) => fetchPysparkSdist(m, logFile, s));
  await step("verify jar checksums against images/jars.lock", async () => verifyJarLock(hadoopLib, join(sparkHome, "jars")));

  const context = join(cacheDir, "hadoop-spark-context");
  rmSync(context, { recursive: true, force: true });
  mkdirSync(context, { recursive: true });
  cpSync(join(recipeDir, "Dockerfile"), join(context, "Dockerfile"));
  cpSync(join(recipeDir, "bin"), join(context, "bin"), { recursive: true });
  cpSync(hadoopLib, join(context, "hadoop-lib"), { recursive: true });
  cpSync(sparkHome, join(context, "spark"), { recursive: true });
  writeFileSync(join(context, "users.tsv"), osUsers(m).map((u) => `${u.name}\t${u.uid}\n`).join(""));
  await step("jobs: compile fixtures/jobs against Spark's jars", (s) => compileJobs(join(sparkHome, "jars"), join(context, "jobs"), logFile, s));

  await step(`docker build ${tag}`, (s) =>
    runLogged(
      "docker",
      ["build", "--build-arg", `BASE_IMAGE=${baseTag}`, "--label", "shieldlab.image=hadoop-spark", "-t", tag, context],
      { logFile, step: s, env: { ...(process.env as Record<string, string>), DOCKER_BUILDKIT: "0" }, what: "docker build of hadoop-spark" },
    ),
  );
  rmSync(context, { recursive: true, force: true });
  return { name: "hadoop-spark", tag, built: true, seconds: (Date.now() - started) / 1000 };
}

async function step<T>(title: string, fn: (s: ProgressStep) => Promise<T>): Promise<T> {
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

/** javac + jar, with the JDK of the machine building the image (Java 17, as in the image). */
async function compileJobs(sparkJars: string, outDir: string, logFile: string, s: ProgressStep): Promise<void> {
  const classes = join(cacheDir, "jobs-classes");
  rmSync(classes, { recursive: true, force: true });
  mkdirSync(classes, { recursive: true });
  mkdirSync(outDir, { recursive: true });
  const sources = listFiles(jobsSrc).filter((f) => f.endsWith(".java"));
  await runLogged("javac", ["--release", "17", "-nowarn", "-cp", `${sparkJars}/*`, "-d", classes, ...sources], {
    logFile, step: s, what: "javac of fixtures/jobs",
  });
  await runLogged("jar", ["cf", join(outDir, "shieldlab-jobs.jar"), "-C", classes, "."], { logFile, step: s, what: "jar of fixtures/jobs" });
  if (readdirSync(outDir).length === 0) throw new Error("no job jar produced");
}
