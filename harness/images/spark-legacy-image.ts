// The spark-legacy image of a Spark 2.x release: Apache Spark (pinned pyspark sdist) on the Java 8 base, with
// fixtures/standalone-jobs compiled against its jars. It runs Spark standalone clusters only (no YARN daemons).
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { imageExists } from "../engine/docker-engine.ts";
import { runLogged } from "../util/run-logged.ts";
import { cacheDir, fixturesDir, imagesDir } from "../util/paths.ts";
import { ContentHasher } from "./content-hash.ts";
import { compileJavaJar } from "./java-jar.ts";
import { osUsers, type Manifest } from "./manifest.ts";
import { fetchPysparkSdist } from "./pyspark-source.ts";
import type { BuildContext, BuiltImage } from "./image-set.ts";
import { step } from "./hadoop-spark-image.ts";

const RECIPE_VERSION = 1;
const recipeDir = join(imagesDir, "spark-legacy");
export const STANDALONE_JOBS_SRC = join(fixturesDir, "standalone-jobs", "src");
/** fixtures/standalone-jobs in every standalone node: the marker an attack gets run, the rogue clients. */
export const STANDALONE_JAR = "/opt/shieldlab/standalone/shieldlab-standalone.jar";

export function sparkLegacyImageTag(m: Manifest, baseTag: string): string {
  const h = new ContentHasher()
    .value("recipe", RECIPE_VERSION)
    .value("base", baseTag)
    .value("spark", m.spark)
    .value("java", m.java.major)
    .value("users", osUsers(m))
    .tree("recipe", recipeDir)
    .tree("standaloneJobs", STANDALONE_JOBS_SRC);
  return `shieldlab/spark-legacy:${h.tag()}`;
}

export async function buildSparkLegacyImage(m: Manifest, baseTag: string, ctx: BuildContext): Promise<BuiltImage> {
  const tag = sparkLegacyImageTag(m, baseTag);
  if (await imageExists(tag)) return { name: "spark-legacy", tag, built: false, seconds: 0 };
  const started = Date.now();
  const logFile = join(ctx.logDir, `spark-legacy-${tag.split(":")[1]}.log`);
  const sparkHome = await step(`spark: pyspark ${m.spark.version} sdist (≈210 MB, checksum-pinned)`, (s) => fetchPysparkSdist(m, logFile, s));
  const context = join(cacheDir, "spark-legacy-context");
  rmSync(context, { recursive: true, force: true });
  mkdirSync(context, { recursive: true });
  cpSync(join(recipeDir, "Dockerfile"), join(context, "Dockerfile"));
  cpSync(sparkHome, join(context, "spark"), { recursive: true, filter: (src) => !src.endsWith(".complete") });
  writeFileSync(join(context, "users.tsv"), osUsers(m).map((u) => `${u.name}\t${u.uid}\n`).join(""));
  await step(`standalone: compile fixtures/standalone-jobs against Spark ${m.spark.version}'s jars (Java ${m.java.major})`, (s) =>
    compileJavaJar({
      srcDir: STANDALONE_JOBS_SRC, classpathDir: join(sparkHome, "jars"), classesDir: join(cacheDir, "standalone-jobs-classes"),
      jarFile: join(context, "standalone", "shieldlab-standalone.jar"), logFile, step: s, what: "fixtures/standalone-jobs", release: m.java.major,
    }),
  );
  await step(`docker build ${tag}`, (s) =>
    runLogged("docker", ["build", "--build-arg", `BASE_IMAGE=${baseTag}`, "--label", "shieldlab.image=spark-legacy", "-t", tag, context], {
      logFile, step: s, env: { ...(process.env as Record<string, string>), DOCKER_BUILDKIT: "0" }, what: "docker build of spark-legacy",
    }),
  );
  rmSync(context, { recursive: true, force: true });
  return { name: "spark-legacy", tag, built: true, seconds: (Date.now() - started) / 1000 };
}
