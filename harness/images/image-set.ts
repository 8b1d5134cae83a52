// The set of images a run needs, built in order (base → one hadoop-spark per version pair), each only when its content
// hash is new: a run on the default pair builds exactly what it built before; a matrix builds one image per pair it uses.
import { join } from "node:path";
import { artifactsDir, cacheDir } from "../util/paths.ts";
import { withFileLock } from "../util/file-lock.ts";
import { asEngineError, assertEngine, imageExists } from "../engine/docker-engine.ts";
import { HarnessError, isHarnessError } from "../errors/harness-error.ts";
import { baseImageTag, buildBaseImage } from "./base-image.ts";
import { buildHadoopSparkImage, hadoopSparkImageTag, hadoopSparkLogFile, prepareHadoopSparkContext } from "./hadoop-spark-image.ts";
import { loadManifest, manifestFor, type Manifest, type VersionPair } from "./manifest.ts";
import { buildJava8BaseImage, debJavaOf, java8BaseImageTag } from "./java8-base-image.ts";
import { buildSparkLegacyImage, sparkLegacyImageTag } from "./spark-legacy-image.ts";
import { pairLabel } from "./version-pair.ts";

export interface BuildContext {
  /** Folder that keeps every build log. */
  logDir: string;
}

export interface BuiltImage {
  name: string;
  tag: string;
  /** false when the tag already existed. */
  built: boolean;
  seconds: number;
}

export interface ImageSet {
  base: string;
  /** The image of the first pair asked for (the manifest's default pair when none was). */
  hadoopSpark: string;
  /** pairLabel(pair) → its hadoop-spark image. */
  byPair: Map<string, string>;
  built: BuiltImage[];
  /** With keepGoing: pairLabel(pair) → why its image could not be built (the other pairs were still built). */
  failed: Map<string, string>;
}

/** Distinct pairs in first-seen order; none asked for means the manifest's default pair. */
export function pairsToBuild(m: Manifest, pairs: readonly VersionPair[] | undefined): VersionPair[] {
  const out = new Map<string, VersionPair>();
  for (const p of pairs?.length ? pairs : [m.defaultPair]) out.set(pairLabel(p), { spark: p.spark, hadoop: p.hadoop });
  return [...out.values()];
}

/** The tags of every image the pairs need (base first), computed from their content: no Docker needed. */
export function neededImageTags(m: Manifest, pairs: readonly VersionPair[] | undefined): string[] {
  const base = baseImageTag(m);
  const tags = new Set<string>([base]);
  for (const p of pairsToBuild(m, pairs)) {
    const mp = manifestFor(m, p);
    const j = debJavaOf(mp);
    if (!j) {
      tags.add(hadoopSparkImageTag(mp, base));
      continue;
    }
    // a Java 8 release (Spark 2.x): its own base, and the standalone-only spark-legacy image on it
    const legacyBase = java8BaseImageTag(mp, j);
    tags.add(legacyBase).add(sparkLegacyImageTag(mp, legacyBase));
  }
  return [...tags];
}

/** The image of one pair: hadoop-spark on the base, or (Java 8 releases) spark-legacy on the Java 8 base, built once. */
async function buildPairImage(mp: Manifest, baseTag: string, ctx: BuildContext, built: BuiltImage[], prepared?: Promise<string>): Promise<BuiltImage> {
  if (!debJavaOf(mp)) return buildHadoopSparkImage(mp, baseTag, ctx, prepared);
  const legacyBase = await buildJava8BaseImage(mp, ctx);
  if (legacyBase.built && !built.some((b) => b.tag === legacyBase.tag)) built.push(legacyBase);
  return buildSparkLegacyImage(mp, legacyBase.tag, ctx);
}

/** Makes sure every image the pairs need exists; builds what is missing. Logs go to artifacts/image-builds/. With
 *  keepGoing, a pair whose build fails is left out (listed in `failed`) while the others are built. */
export async function ensureImages(options: { manifest?: Manifest; pairs?: readonly VersionPair[]; logDir?: string; keepGoing?: boolean } = {}): Promise<ImageSet> {
  await assertEngine();
  const m = options.manifest ?? loadManifest();
  const pairs = pairsToBuild(m, options.pairs);
  const ctx: BuildContext = { logDir: options.logDir ?? join(artifactsDir, "image-builds") };
  // one builder at a time on this machine: builds share .cache/ (rootfs tarball, build context)
  return withFileLock(join(cacheDir, "image-build.lock"), async () => {
    // from zero, the first pair's downloads and compiles (no Docker) run while mmdebstrap makes the base
    const first = manifestFor(m, pairs[0]!);
    const firstTag = hadoopSparkImageTag(first, baseImageTag(m));
    const early = !debJavaOf(first) && !(await imageExists(baseImageTag(m))) && !(await imageExists(firstTag)) ? prepareHadoopSparkContext(first, hadoopSparkLogFile(ctx, firstTag)) : undefined;
    early?.catch(() => undefined); // awaited (and its error reported) by the first pair's build
    let base: BuiltImage;
    try {
      base = await buildBaseImage(m, ctx);
    } catch (e) {
      await early?.catch(() => undefined); // the context is in .cache/: let it finish before the lock is released
      throw e;
    }
    const built: BuiltImage[] = [base];
    const byPair = new Map<string, string>();
    const failed = new Map<string, string>();
    for (const [i, p] of pairs.entries()) {
      try {
        const img = await buildPairImage(manifestFor(m, p), base.tag, ctx, built, i === 0 ? early : undefined);
        byPair.set(pairLabel(p), img.tag);
        built.push(img);
      } catch (e) {
        // a matrix run goes on without this pair (its scenarios are unknown, with this reason); a lone pair's failure,
        // or an engine that stopped answering, is the run's error
        const engine = asEngineError(e);
        if (!options.keepGoing || pairs.length === 1 || isHarnessError(engine, "ENGINE_UNAVAILABLE")) throw engine;
        failed.set(pairLabel(p), (e as Error).message.split("\n")[0] ?? String(e));
      }
    }
    if (byPair.size === 0)
      throw new HarnessError("IMAGE_BUILD_FAILED", `no image could be built: ${[...failed].map(([k, v]) => `${k}: ${v}`).join("; ")}`, { hint: "see the build logs in artifacts/image-builds/" });
    return { base: base.tag, hadoopSpark: byPair.get(pairLabel(pairs.find((p) => byPair.has(pairLabel(p)))!))!, byPair, built, failed };
  }, { onWait: (pid) => process.stderr.write(`[images] another shieldlab process (pid ${pid}) is building images; waiting for it\n`) });
}
