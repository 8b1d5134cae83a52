// Looks for a replay's marker on the standalone cluster's workers: the file the attack's command writes, named and
// filled with the run's nonce (so it cannot be left from anything else). Records what it saw; it decides nothing.
import type { StartedCluster } from "../cluster/started-cluster.ts";
import { sleep } from "../util/wait-until.ts";

export interface MarkerSighting {
  node: string;
  /** The file's first line: "<nonce> user=<who> host=<where>". */
  content: string;
}

/** The marker path a replay asks its command to write, chosen by the harness from the nonce. */
export function markerPath(nonce: string): string {
  return `/tmp/shieldlab-marker-${nonce}`;
}

/** Polls every worker (and the master) until the marker appears or `waitMs` passes. */
export async function waitForMarker(cluster: StartedCluster, nonce: string, waitMs: number, signal?: AbortSignal): Promise<{ sighting?: MarkerSighting; waitedMs: number }> {
  const started = Date.now();
  const nodes = cluster.nodes.filter((n) => n.role === "worker" || n.role === "master");
  for (;;) {
    for (const n of nodes) {
      const r = await cluster.exec(n.name, ["bash", "-c", `head -c 400 '${markerPath(nonce)}' 2>/dev/null`]).catch(() => undefined);
      if (r && r.exitCode === 0 && r.stdout.startsWith(nonce)) return { sighting: { node: n.name, content: r.stdout.split("\n")[0]! }, waitedMs: Date.now() - started };
    }
    if (Date.now() - started >= waitMs || signal?.aborted) return { waitedMs: Date.now() - started };
    await sleep(1_000, signal).catch(() => undefined);
  }
}
