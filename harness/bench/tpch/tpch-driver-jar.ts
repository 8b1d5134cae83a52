// The TPC-H driver's jar, made at bench time without rebuilding any image: the cluster image's Spark jars are copied
// out of the image once per image tag (docker create + docker cp + docker rm), then fixtures/bench/tpch-driver is
// compiled against them for the image's Java. Both are cached under .cache/tpch/, keyed by content.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { newSessionId, sessionLabels } from "../../engine/session.ts";
import { HarnessError } from "../../errors/harness-error.ts";
import { ContentHasher } from "../../images/content-hash.ts";
import { compileJavaJar, type JavaJarOptions } from "../../images/java-jar.ts";
import { cacheDir, fixturesDir } from "../../util/paths.ts";

export const DRIVER_SRC = join(fixturesDir, "bench", "tpch-driver", "src");
/** Spark's jars inside every hadoop-spark image. */
export const IMAGE_SPARK_JARS = "/opt/spark/jars";
const MARKER = ".complete";

export interface DriverJarPlan {
  /** the image's Spark jars on this machine: one folder per image tag */
  sparkJarsDir: string;
  /** the driver jar: one per image tag, Java release and driver source */
  jarFile: string;
  classesDir: string;
  logFile: string;
  key: string;
}

/** The folder name of an image tag ("shieldlab/hadoop-spark:0123abcd" → "hadoop-spark-0123abcd"). */
export function imageFolderName(imageTag: string): string {
  return imageTag.replace(/^.*\//, "").replace(/[^A-Za-z0-9._-]/g, "-");
}

/** Where the jars go; the key covers the image tag (its Spark jars), the Java release and every driver source file. */
export function driverJarPlan(o: { imageTag: string; release: number; srcDir?: string; root?: string }): DriverJarPlan {
  const root = o.root ?? join(cacheDir, "tpch");
  const key = new ContentHasher().value("image", o.imageTag).value("release", o.release).tree("src", o.srcDir ?? DRIVER_SRC).tag();
  const dir = join(root, "driver", key);
  return { sparkJarsDir: join(root, "spark-jars", imageFolderName(o.imageTag)), jarFile: join(dir, "shieldlab-tpch.jar"), classesDir: join(dir, "classes"), logFile: join(dir, "build.log"), key };
}

/** The docker commands that copy a folder out of an image without running it (exported for tests). */
export function copyOutCommands(imageTag: string, from: string, to: string, labels: Record<string, string>): { create: string[]; cp: (id: string) => string[]; rm: (id: string) => string[] } {
  return {
    create: ["create", ...Object.entries(labels).flatMap(([k, v]) => ["--label", `${k}=${v}`]), imageTag],
    cp: (id) => ["cp", `${id}:${from}`, to],
    rm: (id) => ["rm", "-f", id],
  };
}

/** Copies `from` out of the image into `to` (which must not exist yet); the container is removed also on failure. */
export async function copyOutOfImage(imageTag: string, from: string, to: string): Promise<void> {
  const c = copyOutCommands(imageTag, from, to, sessionLabels(newSessionId(), "jar-copy"));
  const created = await execa("docker", c.create, { reject: false });
  if (created.exitCode !== 0) throw new HarnessError("EXEC_FAILED", `docker create ${imageTag} (to copy ${from} out of it): ${created.stderr.trim()}`, { hint: "run `npx shieldlab images` to build the image" });
  const id = created.stdout.trim();
  try {
    const r = await execa("docker", c.cp(id), { reject: false });
    if (r.exitCode !== 0) throw new HarnessError("EXEC_FAILED", `docker cp ${id.slice(0, 12)}:${from} ${to} (image ${imageTag}): ${r.stderr.trim()}`);
  } finally {
    await execa("docker", c.rm(id), { reject: false });
  }
}

export interface DriverJarDeps {
  copyOut: (imageTag: string, from: string, to: string) => Promise<void>;
  compile: (o: JavaJarOptions) => Promise<void>;
}

const realDeps: DriverJarDeps = { copyOut: copyOutOfImage, compile: compileJavaJar };

/** The driver jar for the image (compiled when its key is new); returns its path on this machine. */
export async function ensureDriverJar(o: { imageTag: string; release: number; srcDir?: string; root?: string }, deps: DriverJarDeps = realDeps): Promise<{ jarFile: string; key: string; built: boolean }> {
  const p = driverJarPlan(o);
  if (existsSync(join(p.jarFile, "..", MARKER)) && existsSync(p.jarFile)) return { jarFile: p.jarFile, key: p.key, built: false };
  if (!existsSync(join(p.sparkJarsDir, MARKER))) {
    // copied next to the final folder, then renamed: a half-copied folder is never taken for a complete one
    const partial = `${p.sparkJarsDir}.partial`;
    rmSync(partial, { recursive: true, force: true });
    rmSync(p.sparkJarsDir, { recursive: true, force: true });
    mkdirSync(join(partial, ".."), { recursive: true });
    await deps.copyOut(o.imageTag, IMAGE_SPARK_JARS, partial);
    writeFileSync(join(partial, MARKER), `${o.imageTag}\n`);
    renameSync(partial, p.sparkJarsDir);
  }
  rmSync(join(p.jarFile, ".."), { recursive: true, force: true });
  await deps.compile({ srcDir: o.srcDir ?? DRIVER_SRC, classpathDir: p.sparkJarsDir, classesDir: p.classesDir, jarFile: p.jarFile, logFile: p.logFile, what: "fixtures/bench/tpch-driver", release: o.release });
  rmSync(p.classesDir, { recursive: true, force: true });
  writeFileSync(join(p.jarFile, "..", MARKER), `${new Date().toISOString()}\n`);
  return { jarFile: p.jarFile, key: p.key, built: true };
}
