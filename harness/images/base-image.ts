// The base image: a Debian rootfs made offline by mmdebstrap from the machine's apt sources, then `docker import`.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { HarnessError } from "../errors/harness-error.ts";
import { imageExists } from "../engine/docker-engine.ts";
import { ContentHasher } from "./content-hash.ts";
import { importRootfs } from "./rootfs-image.ts";
import type { Manifest } from "./manifest.ts";
import type { BuildContext, BuiltImage } from "./image-set.ts";

/** Bump when the way the base is built changes without a manifest change. */
const RECIPE_VERSION = 1;

export function baseImageTag(m: Manifest): string {
  return `shieldlab/base:${new ContentHasher().value("recipe", RECIPE_VERSION).value("debian", m.debian).tag()}`;
}

export async function buildBaseImage(m: Manifest, ctx: BuildContext): Promise<BuiltImage> {
  const tag = baseImageTag(m);
  if (await imageExists(tag)) return { name: "base", tag, built: false, seconds: 0 };
  const started = Date.now();
  const logFile = join(ctx.logDir, `base-${tag.split(":")[1]}.log`);
  for (const tool of ["mmdebstrap"]) {
    if (!existsSync(`/usr/bin/${tool}`))
      throw new HarnessError("IMAGE_BUILD_FAILED", `${tool} is not installed; run \`bash scripts/bootstrap-engine.sh\` as root`);
  }
  await importRootfs({
    tag,
    name: "base",
    suite: m.debian.suite,
    variant: m.debian.variant,
    include: m.debian.packages,
    logFile,
    title: `base: mmdebstrap ${m.debian.suite} ${m.debian.variant} (${m.debian.packages.length} packages, ≈1 min)`,
  });
  return { name: "base", tag, built: true, seconds: (Date.now() - started) / 1000 };
}
