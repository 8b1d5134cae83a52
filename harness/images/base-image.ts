// The base image: a Debian rootfs made offline by mmdebstrap from the machine's apt sources, then `docker import`.
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { HarnessError } from "../errors/harness-error.ts";
import { imageExists } from "../engine/docker-engine.ts";
import { startStep } from "../util/progress.ts";
import { runLogged } from "../util/run-logged.ts";
import { cacheDir } from "../util/paths.ts";
import { ContentHasher } from "./content-hash.ts";
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
  const workDir = join(cacheDir, "base");
  mkdirSync(workDir, { recursive: true });
  const tar = join(workDir, `rootfs-${tag.split(":")[1]}.tar`);
  const step = startStep("images", `base: mmdebstrap ${m.debian.suite} ${m.debian.variant} (${m.debian.packages.length} packages, ≈1 min)`);
  try {
    await runLogged(
      "mmdebstrap",
      [`--variant=${m.debian.variant}`, `--include=${m.debian.packages.join(",")}`, "--aptopt=Acquire::Retries \"3\"", "--dpkgopt=path-exclude=/usr/share/doc/*", m.debian.suite, tar],
      { logFile, step, what: "mmdebstrap of the base rootfs", hint: "Check that `apt-get update` works on this machine." },
    );
    step.update("docker import");
    await runLogged(
      "docker",
      ["import", "--change", "LABEL shieldlab.image=base", "--change", 'CMD ["/bin/bash"]', tar, tag],
      { logFile, step, what: "docker import of the base rootfs" },
    );
    step.done(tag);
  } catch (e) {
    step.fail((e as Error).message.split("\n")[0] ?? "");
    throw e;
  } finally {
    rmSync(tar, { force: true });
  }
  return { name: "base", tag, built: true, seconds: (Date.now() - started) / 1000 };
}
