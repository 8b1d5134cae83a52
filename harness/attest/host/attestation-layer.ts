// The attestation layer as a cluster layer: NodeManagers get the capabilities the emulated IMA needs before their
// daemons start; the verifier and the devices start once the cluster is ready; a kept cluster's layer is found again.
import { docker } from "../../engine/docker-engine.ts";
import { ROLE_LABEL, SESSION_LABEL } from "../../engine/session.ts";
import type { ClusterLayer, LayerAttacher } from "../../cluster/cluster-layer.ts";
import type { ClusterPlan } from "../../cluster/cluster-plan.ts";
import type { StartedCluster } from "../../cluster/started-cluster.ts";
import { ATTESTATION_LAYER, StartedAttestation, type AttestationLayerOptions } from "./started-attestation.ts";

export { ATTESTATION_LAYER, StartedAttestation, type AttestationLayerOptions, type DeviceFaults, type TamperRecord } from "./started-attestation.ts";

export class AttestationLayer implements ClusterLayer<StartedAttestation> {
  readonly key = ATTESTATION_LAYER;

  constructor(readonly options: AttestationLayerOptions) {}

  /** An attestation layer when the options say so, else none (for `withLayer(AttestationLayer.of(...))`). */
  static of(options: AttestationLayerOptions | undefined): AttestationLayer | undefined {
    return options ? new AttestationLayer(options) : undefined;
  }

  configure(plan: ClusterPlan): void {
    // the emulated IMA watches file opens with fanotify, which needs CAP_SYS_ADMIN in the container;
    // CAP_SYS_PTRACE lets it read each opener's /proc/<pid>/fdinfo (the open mode → IMA's mask)
    plan.addCapabilities("nodemanager", "SYS_ADMIN", "SYS_PTRACE");
    plan.descriptions[this.key.name] = this.options;
  }

  start(cluster: StartedCluster): Promise<StartedAttestation> {
    return StartedAttestation.start(cluster, this.options);
  }
}

/** Finds the verifier of a kept cluster (`shieldlab up --attestation`) by its labels. */
export const attestationAttacher: LayerAttacher = {
  key: ATTESTATION_LAYER,
  async attach(cluster: StartedCluster, description: unknown): Promise<StartedAttestation | undefined> {
    if (!description) return undefined;
    const [verifier] = await docker().listContainers({ filters: { label: [`${SESSION_LABEL}=${cluster.sessionId}`, `${ROLE_LABEL}=verifier`] } });
    return verifier ? StartedAttestation.attach(cluster, verifier.Id) : undefined;
  },
};
