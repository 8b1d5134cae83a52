// The one place steps reach the cluster's attestation layer (so the layer's shape can change here alone).
import type { StartedCluster } from "../cluster/started-cluster.ts";

/** The cluster's attestation layer, when it has one. */
export function attestationOf(cluster: StartedCluster): StartedCluster["attestation"] {
  return cluster.attestation;
}
