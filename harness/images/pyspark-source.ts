// Spark from PyPI: the pinned pyspark sdist is a full SPARK_HOME (bin/, jars/ built with -Pyarn); sha256-checked.
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HarnessError } from "../errors/harness-error.ts";
import type { ProgressStep } from "../util/progress.ts";
import { runLogged } from "../util/run-logged.ts";
import { cacheDir } from "../util/paths.ts";
import type { Manifest } from "./manifest.ts";

export async function sha256File(file: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest("hex");
}

/** Returns a folder holding bin/ and jars/ of the pinned Spark. */
export async function fetchPysparkSdist(m: Manifest, logFile: string, s: ProgressStep): Promise<string> {
  const { version, sha256 } = m.spark;
  const home = join(cacheDir, `spark-${version}`);
  if (existsSync(join(home, ".complete"))) return home;
  const dl = join(cacheDir, "downloads");
  mkdirSync(dl, { recursive: true });
  const sdist = join(dl, `pyspark-${version}.tar.gz`);
  if (!existsSync(sdist) || (await sha256File(sdist)) !== sha256) {
    rmSync(sdist, { force: true });
    // an old sdist's setup.py may need old build helpers (2.x: pypandoc<1.8); PIP_CONSTRAINT reaches pip's isolated build env too
    const constraints = m.pair.spark.pipConstraints ?? [];
    let env: Record<string, string> | undefined;
    if (constraints.length > 0) {
      const file = join(dl, `pyspark-${version}.constraints.txt`);
      writeFileSync(file, constraints.join("\n") + "\n");
      env = { ...(process.env as Record<string, string>), PIP_CONSTRAINT: file };
    }
    await runLogged(
      "python3",
      ["-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "--disable-pip-version-check", "-d", dl, `pyspark==${version}`],
      { logFile, step: s, what: `pip download of pyspark ${version}`, hint: "PyPI must be reachable.", ...(env ? { env } : {}) },
    );
  }
  if (!existsSync(sdist)) {
    throw new HarnessError("IMAGE_BUILD_FAILED", `pip download did not produce ${sdist}; found ${readdirSync(dl).join(", ")}`);
  }
  const actual = await sha256File(sdist);
  if (actual !== sha256) {
    throw new HarnessError(
      "CHECKSUM_MISMATCH",
      `pyspark-${version}.tar.gz has sha256 ${actual}, but images/manifest.json pins ${sha256}. ` +
        "Delete the file to download it again; change the pin only after checking the release.",
    );
  }
  rmSync(home, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  s.update("extracting bin/ and jars/");
  await runLogged(
    "tar",
    ["xzf", sdist, "-C", home, "--strip-components=2", `pyspark-${version}/deps/jars`, `pyspark-${version}/deps/bin`],
    { logFile, step: s, what: `extraction of ${sdist}` },
  );
  writeFileSync(join(home, ".complete"), actual);
  return home;
}
