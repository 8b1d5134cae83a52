// The set of images a run needs, built in order (base → hadoop-spark), each only when its content hash is new.
import { join } from "node:path";
import { artifactsDir, cacheDir } from "../util/paths.ts";
import { withFileLock } from "../util/file-lock.ts";
import { assertEngine } from "../engine/docker-engine.ts";
import { buildBaseImage } from "./base-image.ts";
import { buildHadoopSparkImage } from "./hadoop-spark-image.ts";
import { loadManifest, type Manifest } from "./manifest.ts";

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
  hadoopSpark: string;
  built: BuiltImage[];
}

/** Makes sure every image exists; builds what is missing. Logs go to artifacts/image-builds/. */
export async function ensureImages(options: { manifest?: Manifest; logDir?: string } = {}): Promise<ImageSet> {
  await assertEngine();
  const m = options.manifest ?? loadManifest();
  const ctx: BuildContext = { logDir: options.logDir ?? join(artifactsDir, "image-builds") };
  // one builder at a time on this machine: builds share .cache/ (rootfs tarball, build context)
  return withFileLock(join(cacheDir, "image-build.lock"), async () => {
    const base = await buildBaseImage(m, ctx);
    const hadoopSpark = await buildHadoopSparkImage(m, base.tag, ctx);
    return { base: base.tag, hadoopSpark: hadoopSpark.tag, built: [base, hadoopSpark] };
  }, { onWait: (pid) => process.stderr.write(`[images] another shieldlab process (pid ${pid}) is building images; waiting for it\n`) });
}
