// The one way steps and checkers reach the attestation layer of a cluster.
import type { StartedCluster } from "../../cluster/started-cluster.ts";
import { ATTESTATION_LAYER, type StartedAttestation } from "./started-attestation.ts";

/** The cluster's attestation layer, or undefined when it was started without one. */
export function attestationOf(cluster: StartedCluster): StartedAttestation | undefined {
  return cluster.layer(ATTESTATION_LAYER);
}
