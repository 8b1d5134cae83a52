import { describe, expect, it } from "vitest";
import { clusterHosts, renderClusterConfig, sparkDefaults } from "../../cluster/cluster-config.ts";
import { ClusterPlan } from "../../cluster/cluster-plan.ts";
import { resolveProfile } from "../../cluster/security-profile.ts";
import { StartedCluster } from "../../cluster/started-cluster.ts";
import { parseTopology } from "../../cluster/topology.ts";
import { silentLogger } from "../../log/logger.ts";
import { RmClient } from "../../yarn/rm-client.ts";
import { AttestationLayer, ATTESTATION_LAYER, type StartedAttestation } from "./attestation-layer.ts";
import { attestationOf } from "./attestation-of.ts";

const topology = parseTopology({ nodeManagers: 2 });
const profile = resolveProfile("plain");
const hosts = clusterHosts("t2");

function cluster(): StartedCluster {
  return new StartedCluster({ sessionId: "t2", image: "img", topology, profile, config: renderClusterConfig(topology, profile, hosts), nodes: [], rm: new RmClient("http://rm.invalid"), keep: false, networkName: "n", hosts, log: silentLogger });
}

describe("AttestationLayer", () => {
  it("gives the NodeManagers (only) fanotify's capabilities and records its options for attach", () => {
    const plan = new ClusterPlan("t2", topology, profile, hosts, renderClusterConfig(topology, profile, hosts), sparkDefaults(topology, profile));
    new AttestationLayer({ flavour: "virtcca", imaPolicy: "measure func=FILE_CHECK" }).configure(plan);
    expect(plan.withRole("nodemanager").map((n) => n.capabilities)).toEqual([["SYS_ADMIN", "SYS_PTRACE"], ["SYS_ADMIN", "SYS_PTRACE"]]);
    expect(plan.node("gateway").capabilities).toEqual([]);
    expect(plan.descriptions).toEqual({ attestation: { flavour: "virtcca", imaPolicy: "measure func=FILE_CHECK" } });
  });

  it("gives each NodeManager its realm volume for the device sidecar (default layout), none in the in-node layout", () => {
    const plan = (): ClusterPlan => new ClusterPlan("t2", topology, profile, hosts, renderClusterConfig(topology, profile, hosts), sparkDefaults(topology, profile));
    const sidecar = plan();
    new AttestationLayer({ flavour: "cca", imaPolicy: "measure func=FILE_CHECK" }).configure(sidecar);
    expect(sidecar.withRole("nodemanager").map((n) => n.volumes)).toEqual([[{ name: "realm", target: "/run/shieldlab/realm" }], [{ name: "realm", target: "/run/shieldlab/realm" }]]);
    expect(sidecar.node("gateway").volumes).toEqual([]);
    const inNode = plan();
    new AttestationLayer({ flavour: "cca", imaPolicy: "measure func=FILE_CHECK", deviceLayout: "in-node" }).configure(inNode);
    expect(inNode.withRole("nodemanager").map((n) => n.volumes)).toEqual([[], []]);
  });

  it("is no layer when the scenario has no attestation", () => {
    expect(AttestationLayer.of(undefined)).toBeUndefined();
  });
});

describe("attestationOf", () => {
  it("finds the started attestation layer by its key, and nothing in a cluster without one", () => {
    const c = cluster();
    expect(attestationOf(c)).toBeUndefined();
    const fake = { key: ATTESTATION_LAYER, verifierHost: "v", stop: async () => undefined, [Symbol.asyncDispose]: async () => undefined } as unknown as StartedAttestation;
    c.addLayers([{ key: { name: "attestation" }, stop: async () => undefined, [Symbol.asyncDispose]: async () => undefined }]);
    expect(attestationOf(c)).toBeUndefined();
    c.addLayers([fake]);
    expect(attestationOf(c)).toBe(fake);
  });
});
