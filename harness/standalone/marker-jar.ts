// The marker jar: fixtures/standalone-jobs/marker-src (shieldlab.standalone.Marker, no Spark classes) compiled on this
// machine for Java 8 — so it runs on every image — once per source content, and copied into every standalone node.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { ContentHasher } from "../images/content-hash.ts";
import { compileJavaJar } from "../images/java-jar.ts";
import { cacheDir, fixturesDir } from "../util/paths.ts";
import { withFileLock } from "../util/file-lock.ts";

const MARKER_SRC = join(fixturesDir, "standalone-jobs", "marker-src");
/** Where every standalone node has the marker jar. */
export const MARKER_JAR = "/opt/shieldlab/standalone/shieldlab-marker.jar";
export const MARKER_CLASS = "shieldlab.standalone.Marker";

/** The marker jar on this machine (built when its sources changed). */
export async function markerJar(logDir: string): Promise<string> {
  const key = new ContentHasher().value("release", 8).tree("src", MARKER_SRC).tag();
  const dir = join(cacheDir, "standalone-marker", key);
  const jar = join(dir, "shieldlab-marker.jar");
  if (existsSync(jar)) return jar;
  mkdirSync(logDir, { recursive: true });
  return withFileLock(join(cacheDir, "standalone-marker.lock"), async () => {
    if (existsSync(jar)) return jar;
    const empty = join(dir, "no-deps");
    mkdirSync(empty, { recursive: true });
    await compileJavaJar({ srcDir: MARKER_SRC, classpathDir: empty, classesDir: join(dir, "classes"), jarFile: jar, logFile: join(logDir, "standalone-marker.log"), what: "fixtures/standalone-jobs/marker-src", release: 8 });
    return jar;
  });
}
