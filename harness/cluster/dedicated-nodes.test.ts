import { describe, expect, it } from "vitest";
import { isHarnessError } from "../errors/harness-error.ts";
import { clusterHosts, hostOf, renderClusterConfig } from "./cluster-config.ts";
import { parseHadoopXml } from "./hadoop-xml.ts";
import { nodeLabelCommands } from "./node-labels.ts";
import { resolveProfile } from "./security-profile.ts";
import { dedicatedNodes, parseTopology } from "./topology.ts";

const users = ["alice", "bob", "john", "tim", "anna", "eva"];
const hosts = clusterHosts("20261122-000000-abcdef");
const errorOf = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error, but the call returned normally");
};

describe("topology.dedicatedNodes", () => {
  it("maps tenant i to nm-i with an exclusive label and queue named after the tenant", () => {
    const t = parseTopology({ nodeManagers: 3, tenants: ["alice", "bob"], dedicatedNodes: true }, "topology", users);
    expect(dedicatedNodes(t)).toEqual([
      { node: "nm-1", label: "alice", tenant: "alice", queue: "alice" },
      { node: "nm-2", label: "bob", tenant: "bob", queue: "bob" },
    ]);
  });

  it("is off by default: no labels, and the parsed topology has no new key", () => {
    const t = parseTopology({ tenants: ["alice", "bob"] }, "topology", users);
    expect(dedicatedNodes(t)).toEqual([]);
    expect("dedicatedNodes" in t).toBe(false);
  });

  it("refuses fewer NodeManagers than tenants, naming the key and the counts", () => {
    const e = errorOf(() => parseTopology({ nodeManagers: 1, tenants: ["alice", "bob"], dedicatedNodes: true }, "topology", users));
    expect(isHarnessError(e, "INVALID_INPUT")).toBe(true);
    expect(e.message).toContain("topology.dedicatedNodes");
    expect(e.message).toContain("2 tenants (alice, bob) need nodeManagers ≥ 2, got 1");
  });

  it("refuses declared queues (labels go to each tenant's own queue)", () => {
    const e = errorOf(() => parseTopology({ tenants: ["alice", "bob"], queues: [{ name: "shared" }], dedicatedNodes: true }, "topology", users));
    expect(e.message).toContain("topology.queues");
    expect(e.message).toContain("dedicatedNodes labels each tenant's own queue");
  });

  it("refuses a tenant listed twice and a non-boolean value", () => {
    expect(() => parseTopology({ tenants: ["alice", "alice"], dedicatedNodes: true }, "topology", users)).toThrow(/topology\.tenants: dedicatedNodes needs each tenant once/);
    expect(() => parseTopology({ dedicatedNodes: "yes" }, "topology", users)).toThrow(/topology\.dedicatedNodes/);
  });
});

describe("node-label config", () => {
  const labelled = parseTopology({ nodeManagers: 2, tenants: ["alice", "bob"], dedicatedNodes: true }, "topology", users);

  it("switches node labels on in yarn-site, stored on the RM's disk, assigned centrally", () => {
    const yarn = parseHadoopXml(renderClusterConfig(labelled, resolveProfile("acls"), hosts).hadoop["yarn-site.xml"]!);
    expect(yarn.get("yarn.node-labels.enabled")).toBe("true");
    expect(yarn.get("yarn.node-labels.fs-store.root-dir")).toBe("file:///var/lib/hadoop/node-labels");
    expect(yarn.get("yarn.node-labels.configuration-type")).toBe("centralized");
    expect(yarn.get("yarn.admin.acl")).toBe("yarn");
  });

  it("gives each tenant's queue its own label only, all of it, as its default; root 100 % of each label", () => {
    const cs = parseHadoopXml(renderClusterConfig(labelled, resolveProfile("acls"), hosts).hadoop["capacity-scheduler.xml"]!);
    for (const [q, other] of [["alice", "bob"], ["bob", "alice"]] as const) {
      const p = `yarn.scheduler.capacity.root.${q}`;
      expect(cs.get(`${p}.accessible-node-labels`)).toBe(q);
      expect(cs.get(`${p}.accessible-node-labels.${q}.capacity`)).toBe("100");
      expect(cs.get(`${p}.accessible-node-labels.${q}.maximum-capacity`)).toBe("100");
      expect(cs.get(`${p}.default-node-label-expression`)).toBe(q);
      expect(cs.get(`${p}.accessible-node-labels.${other}.capacity`)).toBeUndefined();
      expect(cs.get(`yarn.scheduler.capacity.root.accessible-node-labels.${q}.capacity`)).toBe("100");
      // the unlabelled (DEFAULT) partition keeps its usual split and the queue ACLs
      expect(cs.get(`${p}.capacity`)).toBe("50");
      expect(cs.get(`${p}.acl_submit_applications`)).toBe(q);
    }
    // root's accessible-node-labels is always "*" in Hadoop 3.4 (setting it only logs a warning)
    expect(cs.get("yarn.scheduler.capacity.root.accessible-node-labels")).toBeUndefined();
  });

  it("renders no label key without dedicatedNodes", () => {
    const files = renderClusterConfig(parseTopology({ tenants: ["alice", "bob"] }, "topology", users), resolveProfile("plain"), hosts).hadoop;
    expect(files["yarn-site.xml"]).not.toContain("node-labels");
    expect(files["capacity-scheduler.xml"]).not.toContain("node-label");
  });

  it("builds the yarn rmadmin calls: exclusive labels, then each label on its NodeManager's host", () => {
    expect(nodeLabelCommands(dedicatedNodes(labelled), (n) => hostOf(hosts, n))).toEqual([
      ["-addToClusterNodeLabels", "alice(exclusive=true),bob(exclusive=true)"],
      ["-replaceLabelsOnNode", "shieldlab-abcdef-nm-1.shieldlab-20261122-000000-abcdef=alice shieldlab-abcdef-nm-2.shieldlab-20261122-000000-abcdef=bob", "-failOnUnknownNodes"],
    ]);
    expect(nodeLabelCommands([], (n) => n)).toEqual([]);
  });
});
