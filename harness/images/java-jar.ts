// javac + jar with the JDK of the machine building the image (17), for the Java the image runs, against Spark's jars.
import { mkdirSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { HarnessError } from "../errors/harness-error.ts";
import type { ProgressStep } from "../util/progress.ts";
import { runLogged } from "../util/run-logged.ts";
import { listFiles } from "./content-hash.ts";

export interface JavaJarOptions {
  /** Folder of .java sources (package folders below it). */
  srcDir: string;
  /** Folder of jars for the class path (Spark's jars/). */
  classpathDir: string;
  /** Scratch folder for .class files; emptied first. */
  classesDir: string;
  jarFile: string;
  logFile: string;
  step?: ProgressStep;
  /** "fixtures/jobs", for messages. */
  what: string;
  /** The Java the classes must run on (javac --release); 17 unless the pair's image runs Java 11. */
  release?: number;
}

export async function compileJavaJar(o: JavaJarOptions): Promise<void> {
  rmSync(o.classesDir, { recursive: true, force: true });
  mkdirSync(o.classesDir, { recursive: true });
  mkdirSync(dirname(o.jarFile), { recursive: true });
  const sources = listFiles(o.srcDir).filter((f) => f.endsWith(".java"));
  if (sources.length === 0) throw new HarnessError("IMAGE_BUILD_FAILED", `no .java sources under ${o.srcDir} (${o.what})`);
  await runLogged("javac", ["--release", String(o.release ?? 17), "-nowarn", "-encoding", "UTF-8", "-cp", `${o.classpathDir}/*`, "-d", o.classesDir, ...sources], {
    logFile: o.logFile, step: o.step, what: `javac of ${o.what}`,
  });
  await runLogged("jar", ["cf", o.jarFile, "-C", o.classesDir, "."], { logFile: o.logFile, step: o.step, what: `jar of ${o.what}` });
}
