// The Java 8 base image, for Spark 2.x: no bookworm (or PyPI) build has Java 8, so a root filesystem of the suite the
// manifest names (trixie) gets Debian sid's openjdk-8-jre-headless .deb (it needs glibc ≥ 2.38), sha256-pinned like
// every other download, both from the machine's Debian mirror. Same packages as the base image, minus its OpenJDK.
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { HarnessError } from "../errors/harness-error.ts";
import { imageExists } from "../engine/docker-engine.ts";
import { machineDebianMirror } from "../util/apt-mirror.ts";
import { cacheDir } from "../util/paths.ts";
import { startStep } from "../util/progress.ts";
import { runLogged } from "../util/run-logged.ts";
import { ContentHasher } from "./content-hash.ts";
import type { BuildContext, BuiltImage } from "./image-set.ts";
import type { Manifest } from "./manifest.ts";
import { sha256File } from "./pyspark-source.ts";
import { importRootfs } from "./rootfs-image.ts";

const RECIPE_VERSION = 1;

type DebJava = Extract<Manifest["java"], { source: "debian-deb" }>;

/** The pair's Java when it is a .deb of another suite (Java 8), else undefined (the pair uses the regular base). */
export function debJavaOf(m: Manifest): DebJava | undefined {
  return m.java.source === "debian-deb" ? (m.java as DebJava) : undefined;
}

/** The base's packages without its own OpenJDK: the .deb brings the Java. */
export function java8BasePackages(m: Manifest): string[] {
  return m.debian.packages.filter((p) => !p.startsWith("openjdk-"));
}

export function java8BaseImageTag(m: Manifest, j: DebJava): string {
  const { $comment: _c, ...pins } = j;
  return `shieldlab/base-java${j.major}:${new ContentHasher().value("recipe", RECIPE_VERSION).value("variant", m.debian.variant).value("packages", java8BasePackages(m)).value("java", pins).tag()}`;
}

/** Downloads the pinned .deb from the machine's mirror into .cache/downloads (kept when its sha256 matches). */
export async function fetchJavaDeb(j: DebJava, mirror: string, logFile: string): Promise<string> {
  const dl = join(cacheDir, "downloads");
  mkdirSync(dl, { recursive: true });
  const file = join(dl, j.path.slice(j.path.lastIndexOf("/") + 1));
  if (existsSync(file) && (await sha256File(file)) === j.sha256) return file;
  rmSync(file, { force: true });
  const url = `${mirror}/${j.path}`;
  await runLogged("curl", ["-fsSL", "--retry", "3", "-o", file, url], { logFile, what: `download of ${url}`, hint: `the Debian mirror must serve ${j.path} (the machine's apt sources name ${mirror})` });
  const actual = await sha256File(file);
  if (actual !== j.sha256) {
    throw new HarnessError("CHECKSUM_MISMATCH", `${url} has sha256 ${actual}, but images/manifest.json pins ${j.sha256} for ${j.package} ${j.version}`, {
      hint: "Debian may have replaced the package in sid: check its version there, then update javaRuntimes in images/manifest.json",
    });
  }
  return file;
}

export async function buildJava8BaseImage(m: Manifest, ctx: BuildContext): Promise<BuiltImage> {
  const j = debJavaOf(m);
  if (!j) throw new HarnessError("INVALID_INPUT", `spark ${m.spark.version} does not run on a Debian .deb Java`);
  const tag = java8BaseImageTag(m, j);
  if (await imageExists(tag)) return { name: `base-java${j.major}`, tag, built: false, seconds: 0 };
  const started = Date.now();
  const logFile = join(ctx.logDir, `base-java${j.major}-${tag.split(":")[1]}.log`);
  const mirror = machineDebianMirror();
  const s = startStep("images", `java ${j.major}: ${j.package} ${j.version} from ${mirror} (checksum-pinned)`);
  let deb: string;
  try {
    deb = await fetchJavaDeb(j, mirror, logFile);
    s.done();
  } catch (e) {
    s.fail((e as Error).message.split("\n")[0] ?? "");
    throw e;
  }
  await importRootfs({
    tag,
    name: `base-java${j.major}`,
    suite: j.suite,
    variant: m.debian.variant,
    include: java8BasePackages(m),
    localDebs: [deb],
    mirrors: [mirror],
    logFile,
    title: `base-java${j.major}: mmdebstrap ${j.suite} + ${j.package} (≈2 min)`,
  });
  return { name: `base-java${j.major}`, tag, built: true, seconds: (Date.now() - started) / 1000 };
}
