import { describe, expect, it } from "vitest";
import { clusterHosts, renderClusterConfig, sparkDefaults } from "../../cluster/cluster-config.ts";
import { ClusterPlan } from "../../cluster/cluster-plan.ts";
import { parseHadoopXml } from "../../cluster/hadoop-xml.ts";
import { resolveProfile } from "../../cluster/security-profile.ts";
import { parseTopology } from "../../cluster/topology.ts";
import { SIGKILL_DELAY_KEY, YarnSiteLayer } from "./yarn-site-layer.ts";

function plan(): ClusterPlan {
  const t = parseTopology({});
  const p = resolveProfile("plain");
  const hosts = clusterHosts("s1");
  return new ClusterPlan("s1", t, p, hosts, renderClusterConfig(t, p, hosts, undefined, "full-jit"), sparkDefaults(t, p, undefined, "full-jit"));
}

describe("YarnSiteLayer", () => {
  it("adds its properties to yarn-site.xml before the daemons start and keeps every other one", async () => {
    const pl = plan();
    const before = parseHadoopXml(pl.config.hadoop["yarn-site.xml"]!);
    YarnSiteLayer.of({ [SIGKILL_DELAY_KEY]: 5000, "yarn.nodemanager.vmem-check-enabled": true })!.configure(pl);
    const after = parseHadoopXml(pl.config.hadoop["yarn-site.xml"]!);
    expect(after.get(SIGKILL_DELAY_KEY)).toBe("5000");
    expect(after.get("yarn.nodemanager.vmem-check-enabled")).toBe("true");
    expect(after.size).toBe(before.size + 1);
    for (const [k, v] of before) if (k !== "yarn.nodemanager.vmem-check-enabled") expect(after.get(k)).toBe(v);
    // every node gets the changed file
    const nm = pl.node("nm-1");
    expect(pl.filesOf(nm).find((f) => f.target === "/etc/hadoop/conf/yarn-site.xml")!.content).toContain(`<name>${SIGKILL_DELAY_KEY}</name><value>5000</value>`);
    expect(pl.descriptions["yarn-site"]).toEqual({ [SIGKILL_DELAY_KEY]: 5000, "yarn.nodemanager.vmem-check-enabled": true });
  });

  it("is no layer at all without properties", () => {
    expect(YarnSiteLayer.of(undefined)).toBeUndefined();
    expect(YarnSiteLayer.of({})).toBeUndefined();
  });
});
