// The attestation layer as a cluster layer: NodeManagers get the capabilities the emulated IMA needs before their
// daemons start; the verifier and the devices start once the cluster is ready; a kept cluster's layer is found again.
import { docker } from "../../engine/docker-engine.ts";
import { NODE_LABEL, ROLE_LABEL, SESSION_LABEL } from "../../engine/session.ts";
import { REALM_DIR, REALM_VOLUME } from "./attestation-paths.ts";
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
    // the device in a sidecar shares one volume with its NodeManager: configfs-tsm, the IMA log, the event socket
    if ((this.options.deviceLayout ?? "sidecar") === "sidecar") plan.addVolume("nodemanager", REALM_VOLUME, REALM_DIR);
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
    const devices = await docker().listContainers({ filters: { label: [`${SESSION_LABEL}=${cluster.sessionId}`, `${ROLE_LABEL}=cca-device`] } });
    // a sidecar is named after its NodeManager: <nm>-device
    const sidecars = new Map(devices.map((d) => [(d.Labels[NODE_LABEL] ?? "").replace(/-device$/, ""), d.Id]));
    return verifier ? StartedAttestation.attach(cluster, verifier.Id, sidecars) : undefined;
  },
};
