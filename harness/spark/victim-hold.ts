// Holding an attack's victim: a held Pi job waits for a release file on the shared volume; the runner creates it.
import { randomBytes } from "node:crypto";
import { GATEWAY_NODE } from "../cluster/cluster-config.ts";
import type { StartedCluster } from "../cluster/started-cluster.ts";

/** Where held jobs of one scenario run look for their release (the shared volume every node mounts). */
export function releaseFileFor(stepId: string, token = randomBytes(6).toString("hex")): string {
  return `/shared/release/${token}/${stepId}`;
}

/** The job arguments that make Pi hold until `releaseFile` exists; it gives up on its own before the submit timeout. */
export function holdArgs(releaseFile: string, timeoutSeconds: number): string[] {
  return [releaseFile, String(Math.max(10, timeoutSeconds - 20))];
}

/** Releases a held job: creates its release file (readable by every tenant's driver, wherever it runs). */
export async function releaseHeld(cluster: StartedCluster, releaseFile: string): Promise<void> {
  const r = await cluster.exec(GATEWAY_NODE, ["bash", "-c", `umask 022; mkdir -p "$(dirname "$F")" && touch "$F"`], { env: { F: releaseFile } });
  if (r.exitCode !== 0) throw new Error(`could not create the release file ${releaseFile}: ${r.stderr.trim().slice(0, 300)}`);
}
