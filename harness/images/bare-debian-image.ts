// A bare Debian root filesystem (mmdebstrap minbase: apt and dpkg, no Docker, no tools of ours), imported once and
// content-keyed: the "new machine" on which the bootstrap test runs scripts/bootstrap-engine.sh.
import { join } from "node:path";
import { imageExists } from "../engine/docker-engine.ts";
import { ContentHasher } from "./content-hash.ts";
import { importRootfs } from "./rootfs-image.ts";

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
  await importRootfs({ tag, name: "bare-debian", suite: d.suite, variant: d.variant, logFile, title: `bare-debian: mmdebstrap ${d.suite} ${d.variant} (≈30 s)` });
  return tag;
}
