import { describe, expect, it } from "vitest";
import { isHarnessError } from "../errors/harness-error.ts";
import { clusterHosts, renderClusterConfig, sparkDefaults } from "./cluster-config.ts";
import { ClusterPlan } from "./cluster-plan.ts";
import { resolveProfile } from "./security-profile.ts";
import { parseTopology } from "./topology.ts";

const topology = parseTopology({ nodeManagers: 2 });

function plan(security: unknown = "plain"): ClusterPlan {
  const profile = resolveProfile(security);
  const hosts = clusterHosts("t1");
  return new ClusterPlan("t1", topology, profile, hosts, renderClusterConfig(topology, profile, hosts), sparkDefaults(topology, profile));
}

describe("ClusterPlan capabilities", () => {
  it("a Kerberized profile needs a KDC, and says which layer to add; a plain one needs nothing", () => {
    expect(plan().missingCapabilities()).toEqual([]);
    const krb = plan({ profile: "acls", kerberos: {} });
    expect(krb.missingCapabilities()).toEqual([{ what: "kdc", why: expect.stringContaining("KdcLayer") }]);
    krb.provide("kdc");
    expect(krb.missingCapabilities()).toEqual([]);
  });

  it("lists every need no layer provided, and only those", () => {
    const p = plan().need("kdc", "kerberos").need("ca", "tls").need("kdc", "a second reason");
    expect(p.missingCapabilities().map((m) => `${m.what}: ${m.why}`)).toEqual(["kdc: kerberos", "ca: tls", "kdc: a second reason"]);
    p.provide("ca").provide("unrelated");
    expect(p.missingCapabilities().map((m) => m.what)).toEqual(["kdc", "kdc"]);
  });
});

describe("ClusterPlan nodes and files", () => {
  it("has the RM, each NodeManager and the gateway, and names the nodes when asked for an unknown one", () => {
    const p = plan();
    expect(p.nodes.map((n) => `${n.name}:${n.role}`)).toEqual(["rm:resourcemanager", "nm-1:nodemanager", "nm-2:nodemanager", "gateway:gateway"]);
    const e = (() => {
      try {
        return p.node("kdc");
      } catch (x) {
        return x;
      }
    })();
    expect(isHarnessError(e, "INVALID_INPUT")).toBe(true);
    expect((e as Error).message).toContain("nodes: rm, nm-1, nm-2, gateway");
  });

  it("gives every node the shared config, then its own files as given (binary content, mode and owner kept)", () => {
    const p = plan();
    const keytab = Buffer.from([0x05, 0x02, 0x00, 0xff, 0x80]);
    p.node("gateway").files.push({ target: "/home/alice/alice.keytab", content: keytab, mode: 0o400, owner: "alice" });
    p.node("gateway").files.push({ target: "/etc/hadoop/conf/core-site.xml", content: "<configuration/>" });
    const files = p.filesOf(p.node("gateway"));
    expect(files.map((f) => f.target).slice(0, 6)).toEqual([
      "/etc/hadoop/conf/core-site.xml", "/etc/hadoop/conf/yarn-site.xml", "/etc/hadoop/conf/capacity-scheduler.xml", "/etc/hadoop/conf/log4j.properties",
      "/opt/spark/conf/spark-defaults.conf", "/opt/spark/conf/log4j2.properties",
    ]);
    const own = files.find((f) => f.target === "/home/alice/alice.keytab")!;
    expect(Buffer.isBuffer(own.content) && own.content.equals(keytab)).toBe(true);
    expect(own).toMatchObject({ mode: 0o400, owner: "alice" });
    // a node's own file comes after the shared one at the same path, so it wins
    expect(files.map((f) => f.target).lastIndexOf("/etc/hadoop/conf/core-site.xml")).toBe(files.length - 1);
    // other nodes do not get it
    expect(p.filesOf(p.node("nm-1")).some((f) => f.owner)).toBe(false);
  });
});
