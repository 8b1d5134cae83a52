// A bare Debian root filesystem (mmdebstrap minbase: apt and dpkg, no Docker, no tools of ours), imported once and
// content-keyed: the "new machine" on which the bootstrap test runs scripts/bootstrap-engine.sh.
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { imageExists } from "../engine/docker-engine.ts";
import { startStep } from "../util/progress.ts";
import { runLogged } from "../util/run-logged.ts";
import { cacheDir } from "../util/paths.ts";
import { ContentHasher } from "./content-hash.ts";

/** Bump when the way the bare image is made changes. */
const RECIPE_VERSION = 1;

export interface BareDebian {
  suite: string;
  variant: "minbase";
}

export const BARE_DEBIAN_12: BareDebian = { suite: "bookworm", variant: "minbase" };

export function bareDebianTag(d: BareDebian = BARE_DEBIAN_12): string {
  return `shieldlab/bare-debian:${new ContentHasher().value("recipe", RECIPE_VERSION).value("debian", d).tag()}`;
}

/** The bare image's tag; made with mmdebstrap + docker import the first time. */
export async function ensureBareDebianImage(logDir: string, d: BareDebian = BARE_DEBIAN_12): Promise<string> {
  const tag = bareDebianTag(d);
  if (await imageExists(tag)) return tag;
  const id = tag.split(":")[1];
  const logFile = join(logDir, `bare-debian-${id}.log`);
  const workDir = join(cacheDir, "bare-debian");
  mkdirSync(workDir, { recursive: true });
  const tar = join(workDir, `rootfs-${id}.tar`);
  const step = startStep("images", `bare-debian: mmdebstrap ${d.suite} ${d.variant} (≈30 s)`);
  try {
    await runLogged("mmdebstrap", [`--variant=${d.variant}`, '--aptopt=Acquire::Retries "3"', d.suite, tar], {
      logFile,
      step,
      what: "mmdebstrap of the bare Debian rootfs",
      hint: "Check that `apt-get update` works on this machine.",
    });
    step.update("docker import");
    await runLogged("docker", ["import", "--change", "LABEL shieldlab.image=bare-debian", "--change", 'CMD ["/bin/bash"]', tar, tag], {
      logFile,
      step,
      what: "docker import of the bare Debian rootfs",
    });
    step.done(tag);
  } catch (e) {
    step.fail((e as Error).message.split("\n")[0] ?? "");
    throw e;
  } finally {
    rmSync(tar, { force: true });
  }
  return tag;
}
