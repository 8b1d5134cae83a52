import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { JavaJarOptions } from "../../images/java-jar.ts";
import { copyOutCommands, DRIVER_SRC, driverJarPlan, ensureDriverJar, IMAGE_SPARK_JARS, imageFolderName, type DriverJarDeps } from "./tpch-driver-jar.ts";

const tag = "shieldlab/hadoop-spark:0123456789ab";

function fakeDeps(): DriverJarDeps & { copies: string[]; compiles: JavaJarOptions[] } {
  const copies: string[] = [];
  const compiles: JavaJarOptions[] = [];
  return {
    copies,
    compiles,
    copyOut: async (image, from, to) => {
      expect(from).toBe(IMAGE_SPARK_JARS);
      copies.push(image);
      mkdirSync(to, { recursive: true });
      writeFileSync(join(to, "spark-core_2.13-4.0.5.jar"), "jar");
    },
    compile: async (o) => {
      compiles.push(o);
      expect(existsSync(join(o.classpathDir, "spark-core_2.13-4.0.5.jar"))).toBe(true);
      mkdirSync(o.classesDir, { recursive: true });
      writeFileSync(o.jarFile, "driver");
    },
  };
}

describe("the TPC-H driver jar", () => {
  it("is keyed by the image tag, the Java release and the driver's sources; the Spark jars only by the image", () => {
    const a = driverJarPlan({ imageTag: tag, release: 17, root: "/c" });
    expect(a.sparkJarsDir).toBe("/c/spark-jars/hadoop-spark-0123456789ab");
    expect(a.jarFile).toBe(`/c/driver/${a.key}/shieldlab-tpch.jar`);
    expect(driverJarPlan({ imageTag: tag, release: 17, root: "/c" }).key).toBe(a.key);
    expect(driverJarPlan({ imageTag: tag, release: 11, root: "/c" }).key).not.toBe(a.key);
    const other = driverJarPlan({ imageTag: "shieldlab/hadoop-spark:ffffffffffff", release: 17, root: "/c" });
    expect(other.key).not.toBe(a.key);
    expect(other.sparkJarsDir).not.toBe(a.sparkJarsDir);
    // a changed source is a new jar
    const src = mkdtempSync(join(tmpdir(), "tpch-src-"));
    cpSync(DRIVER_SRC, src, { recursive: true });
    const same = driverJarPlan({ imageTag: tag, release: 17, root: "/c", srcDir: src }).key;
    expect(same).toBe(a.key);
    writeFileSync(join(src, "shieldlab", "jobs", "Extra.java"), "package shieldlab.jobs; class Extra {}\n");
    expect(driverJarPlan({ imageTag: tag, release: 17, root: "/c", srcDir: src }).key).not.toBe(a.key);
  });

  it("copies Spark's jars out of the image with a labelled throwaway container that is removed", () => {
    const c = copyOutCommands(tag, IMAGE_SPARK_JARS, "/c/jars.partial", { "shieldlab.session": "s1", "shieldlab.role": "jar-copy" });
    expect(c.create).toEqual(["create", "--label", "shieldlab.session=s1", "--label", "shieldlab.role=jar-copy", tag]);
    expect(c.cp("abc")).toEqual(["cp", "abc:/opt/spark/jars", "/c/jars.partial"]);
    expect(c.rm("abc")).toEqual(["rm", "-f", "abc"]);
    expect(imageFolderName("weird/name:a b")).toBe("name-a-b");
  });

  it("copies once per image tag, compiles once per key with the image's Java release, and reuses both", async () => {
    const root = mkdtempSync(join(tmpdir(), "tpch-jar-"));
    const deps = fakeDeps();
    const first = await ensureDriverJar({ imageTag: tag, release: 11, root }, deps);
    expect(first.built).toBe(true);
    expect(existsSync(first.jarFile)).toBe(true);
    expect(deps.copies).toEqual([tag]);
    expect(deps.compiles[0]!.release).toBe(11);
    expect(deps.compiles[0]!.srcDir).toBe(DRIVER_SRC);
    expect(existsSync(deps.compiles[0]!.classesDir)).toBe(false);
    const again = await ensureDriverJar({ imageTag: tag, release: 11, root }, deps);
    expect(again).toEqual({ ...first, built: false });
    // another release: the same Spark jars, a new compile
    await ensureDriverJar({ imageTag: tag, release: 17, root }, deps);
    expect(deps.copies).toEqual([tag]);
    expect(deps.compiles).toHaveLength(2);
    expect(readdirSync(join(root, "spark-jars"))).toEqual(["hadoop-spark-0123456789ab"]);
  });

  it("never takes a half-copied Spark jars folder for a complete one", async () => {
    const root = mkdtempSync(join(tmpdir(), "tpch-jar-"));
    const deps = fakeDeps();
    const failing: DriverJarDeps = { ...deps, copyOut: async (_i, _f, to) => { mkdirSync(to, { recursive: true }); throw new Error("docker cp failed"); } };
    await expect(ensureDriverJar({ imageTag: tag, release: 17, root }, failing)).rejects.toThrow("docker cp failed");
    await ensureDriverJar({ imageTag: tag, release: 17, root }, deps);
    expect(deps.copies).toEqual([tag]);
  });
});
