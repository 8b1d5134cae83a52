// Integration tests: make sure a Docker engine answers (bootstrap installs/starts one) and build the images once.
import { execa } from "execa";
import { ensureImages } from "../harness/images/image-set.ts";
import { repoRoot } from "../harness/util/paths.ts";

export default async function setup(): Promise<void> {
  await execa("bash", ["scripts/bootstrap-engine.sh"], { cwd: repoRoot, stdio: "inherit" });
  await ensureImages();
}
