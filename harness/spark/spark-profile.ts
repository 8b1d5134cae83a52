// Spark's security settings are per application: a scenario's Spark side is written as the gateway's (and every
// node's) spark-defaults.conf before it runs, so scenarios that differ only there share one cluster.
import type { SecurityProfile } from "../cluster/security-profile.ts";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import type { Topology } from "../cluster/topology.ts";
import { replaceNodeFile } from "../cluster/node-file.ts";

/** Where spark-submit (and the AM, in cluster mode, through what spark-submit ships) reads Spark's defaults. */
export const SPARK_DEFAULTS_PATH = "/opt/spark/conf/spark-defaults.conf";

/** The part of a profile the YARN daemons read (changing it needs another cluster). */
export function yarnSideOf(p: SecurityProfile): Pick<SecurityProfile, "yarnAcls" | "kerberos"> {
  return { yarnAcls: p.yarnAcls, ...(p.kerberos ? { kerberos: p.kerberos } : {}) };
}

/** Writes the profile's spark-defaults.conf (as this cluster renders it) onto every node; never logged: it holds passwords. */
export async function applySparkProfile(cluster: StartedCluster, t: Topology, p: SecurityProfile): Promise<void> {
  const text = cluster.sparkDefaultsFor(t, p);
  await Promise.all(cluster.nodes.map((n) => replaceNodeFile(cluster, n.name, SPARK_DEFAULTS_PATH, text)));
}
