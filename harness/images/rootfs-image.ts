// A Debian root filesystem made offline by mmdebstrap from the machine's apt sources, then `docker import`ed under a
// tag: the base of every image (base-image.ts) and the bare machine of the bootstrap test (bare-debian-image.ts).
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { startStep } from "../util/progress.ts";
import { runLogged } from "../util/run-logged.ts";
import { cacheDir } from "../util/paths.ts";

export interface RootfsImage {
  /** shieldlab/<name>:<content hash> */
  tag: string;
  /** Its `shieldlab.image` label and the folder under .cache/ for the tarball. */
  name: string;
  suite: string;
  variant: string;
  /** Packages beyond the variant's. */
  include?: readonly string[];
  logFile: string;
  /** The progress line's title. */
  title: string;
  /** Mirror URIs for the suite (default: mmdebstrap's, from the suite name). */
  mirrors?: readonly string[];
  /** Local .deb files installed (with their dependencies from the suite) after the packages. */
  localDebs?: readonly string[];
}

/** mmdebstrap → tarball → docker import; the tarball is removed whatever happens. */
export async function importRootfs(o: RootfsImage): Promise<void> {
  const workDir = join(cacheDir, o.name);
  mkdirSync(workDir, { recursive: true });
  const tar = join(workDir, `rootfs-${o.tag.split(":")[1]}.tar`);
  const step = startStep("images", o.title);
  const include = o.include?.length ? [`--include=${o.include.join(",")}`] : [];
  // a .deb of another suite: copied into the chroot and installed there by apt, which takes its dependencies from the suite
  const debs = (o.localDebs ?? []).flatMap((deb) => {
    const name = deb.slice(deb.lastIndexOf("/") + 1);
    return [`--customize-hook=copy-in ${deb} /tmp`, `--customize-hook=chroot "$1" apt-get install -y --no-install-recommends /tmp/${name}`, `--customize-hook=rm -f "$1"/tmp/${name}`];
  });
  try {
    await runLogged(
      "mmdebstrap",
      [`--variant=${o.variant}`, ...include, '--aptopt=Acquire::Retries "3"', "--dpkgopt=path-exclude=/usr/share/doc/*", ...debs, o.suite, tar, ...(o.mirrors ?? [])],
      { logFile: o.logFile, step, what: `mmdebstrap of the ${o.name} rootfs`, hint: "Check that `apt-get update` works on this machine." },
    );
    step.update("docker import");
    await runLogged("docker", ["import", "--change", `LABEL shieldlab.image=${o.name}`, "--change", 'CMD ["/bin/bash"]', tar, o.tag], { logFile: o.logFile, step, what: `docker import of the ${o.name} rootfs` });
    step.done(o.tag);
  } catch (e) {
    step.fail((e as Error).message.split("\n")[0] ?? "");
    throw e;
  } finally {
    rmSync(tar, { force: true });
  }
}
