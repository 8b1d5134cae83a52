// The set of images a run needs, built in order (base → one hadoop-spark per version pair), each only when its content
// hash is new: a run on the default pair builds exactly what it built before; a matrix builds one image per pair it uses.
import { join } from "node:path";
import { artifactsDir, cacheDir } from "../util/paths.ts";
import { withFileLock } from "../util/file-lock.ts";
import { assertEngine } from "../engine/docker-engine.ts";
import { buildBaseImage } from "./base-image.ts";
import { buildHadoopSparkImage } from "./hadoop-spark-image.ts";
import { loadManifest, manifestFor, type Manifest, type VersionPair } from "./manifest.ts";
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
}

/** Distinct pairs in first-seen order; none asked for means the manifest's default pair. */
export function pairsToBuild(m: Manifest, pairs: readonly VersionPair[] | undefined): VersionPair[] {
  const out = new Map<string, VersionPair>();
  for (const p of pairs?.length ? pairs : [m.defaultPair]) out.set(pairLabel(p), { spark: p.spark, hadoop: p.hadoop });
  return [...out.values()];
}

/** Makes sure every image the pairs need exists; builds what is missing. Logs go to artifacts/image-builds/. */
export async function ensureImages(options: { manifest?: Manifest; pairs?: readonly VersionPair[]; logDir?: string } = {}): Promise<ImageSet> {
  await assertEngine();
  const m = options.manifest ?? loadManifest();
  const pairs = pairsToBuild(m, options.pairs);
  const ctx: BuildContext = { logDir: options.logDir ?? join(artifactsDir, "image-builds") };
  // one builder at a time on this machine: builds share .cache/ (rootfs tarball, build context)
  return withFileLock(join(cacheDir, "image-build.lock"), async () => {
    const base = await buildBaseImage(m, ctx);
    const built: BuiltImage[] = [base];
    const byPair = new Map<string, string>();
    for (const p of pairs) {
      const img = await buildHadoopSparkImage(manifestFor(m, p), base.tag, ctx);
      byPair.set(pairLabel(p), img.tag);
      built.push(img);
    }
    return { base: base.tag, hadoopSpark: byPair.get(pairLabel(pairs[0]!))!, byPair, built };
  }, { onWait: (pid) => process.stderr.write(`[images] another shieldlab process (pid ${pid}) is building images; waiting for it\n`) });
}
