import { describe, expect, it } from "vitest";
import { clusterHosts, hostOf, renderClusterConfig, sparkDefaults } from "../cluster/cluster-config.ts";
import { ClusterPlan } from "../cluster/cluster-plan.ts";
import { resolveProfile } from "../cluster/security-profile.ts";
import { parseTopology } from "../cluster/topology.ts";
import { KDC_NODE, KdcLayer } from "./kdc-layer.ts";
import { renderKrb5Conf } from "./krb5-config.ts";

const topology = parseTopology({ nodeManagers: 2, tenants: ["alice", "bob"] });

function plan(): ClusterPlan {
  const profile = resolveProfile({ profile: "acls", kerberos: {} });
  const hosts = clusterHosts("20261122-000000-abcdef");
  return new ClusterPlan("s1", topology, profile, hosts, renderClusterConfig(topology, profile, hosts), sparkDefaults(topology, profile));
}

describe("KdcLayer.configure", () => {
  it("puts the realm's krb5.conf, naming the KDC by its FQDN, on every node and provides the KDC the profile needs", () => {
    const p = plan();
    expect(p.missingCapabilities().map((m) => m.what)).toEqual(["kdc"]);
    new KdcLayer().configure(p);
    expect(p.missingCapabilities()).toEqual([]);
    const kdcHost = hostOf(p.hosts, KDC_NODE);
    expect(kdcHost).toBe("shieldlab-abcdef-kdc.shieldlab-20261122-000000-abcdef");
    const expected = renderKrb5Conf({ realm: "SHIELDLAB.TEST", kdcHost, domain: p.hosts.domain });
    for (const n of p.nodes) {
      const krb5 = p.filesOf(n).filter((f) => f.target === "/etc/krb5.conf");
      expect(krb5.map((f) => f.content)).toEqual([expected]);
    }
    expect(p.descriptions.kdc).toEqual({ realm: "SHIELDLAB.TEST" });
  });

  it("is added only for a Kerberized profile", () => {
    expect(KdcLayer.of(resolveProfile({ profile: "acls", kerberos: {} }).kerberos)).toBeInstanceOf(KdcLayer);
    expect(KdcLayer.of(resolveProfile("acls").kerberos)).toBeUndefined();
  });

  it("refuses to start without having been prepared", async () => {
    await expect(new KdcLayer().start({} as never)).rejects.toThrow(/without being prepared/);
  });
});
