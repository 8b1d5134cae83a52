import { describe, expect, it } from "vitest";
import { resolveProfile } from "../cluster/security-profile.ts";
import { capacityScheduler, clusterHosts, coreSite, yarnSite } from "../cluster/cluster-config.ts";
import { renderHadoopXml } from "../cluster/hadoop-xml.ts";
import { parseTopology } from "../cluster/topology.ts";
import type { RmTransport } from "../yarn/rm-client.ts";
import { runChecks } from "./audit-checks.ts";
import { expandVars, gatherAuditInput, parseStatLines, type AuditSources } from "./audit-fetcher.ts";
import { confOf } from "./conf-dump.ts";
import { confServletXml } from "./rendered-posture.ts";

const t = parseTopology({ nodeManagers: 1, tenants: ["alice"] }, "topology");
const p = resolveProfile("acls");
const hosts = clusterHosts("fetcher-test");
const RM_CONF = confServletXml({ "core-site.xml": coreSite(p), "yarn-site.xml": yarnSite(t, p, hosts) });

/** A fake cluster: routes "<base><path>" to an answer; records what was asked. */
function fakeCluster(routes: Record<string, { status: number; text: string } | Error>): { transportFor: AuditSources["transportFor"]; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    transportFor: (base): RmTransport => async (req) => {
      asked.push(`${req.method} ${base}${req.path}`);
      const a = routes[`${base}${req.path}`];
      if (a instanceof Error) throw a;
      return a ?? { status: 404, text: "not found" };
    },
  };
}
const ok = (text: string) => ({ status: 200, text });
const rest = (): Omit<AuditSources, "resourceManagers" | "transportFor"> => ({
  schedulerFile: async () => ({ value: renderHadoopXml(capacityScheduler(t), "cs"), from: "conf/capacity-scheduler.xml" }),
  sparkDefaults: async () => ({ value: confOf([["spark.authenticate", "true"]], "spark-defaults.conf"), from: "spark-defaults.conf" }),
  sparkVersion: async () => ({ value: "4.0.5", from: "test" }),
  nmDirs: async (dirs) => ({ value: parseStatLines(dirs.map((d) => `755 yarn hadoop ${d.path}`).join("\n"), dirs), from: "stat" }),
});

describe("audit fetcher", () => {
  it("reads an HA pair (active first), finds the NodeManagers through the RM, falls back to the scheduler file", async () => {
    const f = fakeCluster({
      "http://rm1:8088/conf": ok(RM_CONF),
      "http://rm1:8088/ws/v1/cluster/info": ok(JSON.stringify({ clusterInfo: { haState: "STANDBY", hadoopVersion: "3.4.3" } })),
      "http://rm2:8088/conf": ok(RM_CONF),
      "http://rm2:8088/ws/v1/cluster/info": ok(JSON.stringify({ clusterInfo: { haState: "ACTIVE", hadoopVersion: "3.4.3", state: "STARTED" } })),
      "http://rm2:8088/ws/v1/cluster/scheduler-conf": { status: 400, text: "not a mutable store" },
      "http://rm2:8088/ws/v1/cluster/nodes": ok(JSON.stringify({ nodes: { node: [{ nodeHostName: "nm1", nodeHTTPAddress: "nm1:8042", state: "RUNNING" }, { nodeHostName: "nm9", nodeHTTPAddress: "nm9:8042", state: "LOST" }] } })),
      "http://nm1:8042/conf": ok(RM_CONF),
    });
    const input = await gatherAuditInput({ resourceManagers: ["http://rm1:8088", "http://rm2:8088"], transportFor: f.transportFor, ...rest() });
    expect(input.resourceManagers.map((r) => r.url)).toEqual(["http://rm2:8088", "http://rm1:8088"]);
    expect(input.nodeManagers.map((n) => [n.name, n.url, n.conf?.size ? "conf" : n.error])).toEqual([["nm1", "http://nm1:8042", "conf"]]);
    expect(input.scheduler).toMatchObject({ from: "conf/capacity-scheduler.xml" });
    expect(input.nmDirs).toMatchObject({ value: [{ node: "nm1", key: "yarn.nodemanager.local-dirs", path: "/var/lib/hadoop/nm-local", mode: "755" }, { key: "yarn.nodemanager.log-dirs" }] });
    const verdicts = Object.fromEntries(runChecks(input).map((r) => [r.id, r.verdict]));
    expect(verdicts).toMatchObject({ "yarn-acl": "pass", "queue-acls": "pass", "spark-auth": "pass", "nm-dirs": "warn", "cve-2024-23454": "pass" });
  });

  it("an RM that refuses or is down: recorded with the reason, and its checks are unknown", async () => {
    const f = fakeCluster({ "http://rm:8088/conf": { status: 401, text: "" }, "http://rm:8088/ws/v1/cluster/info": new Error("connect ECONNREFUSED 10.0.0.1:8088") });
    const input = await gatherAuditInput({ resourceManagers: ["http://rm:8088"], transportFor: f.transportFor, ...rest() });
    expect(input.resourceManagers[0]!.error).toBe("GET http://rm:8088/conf: HTTP 401 (SPNEGO: no valid ticket)");
    expect(input.clusterInfo).toEqual({ missing: "GET http://rm:8088/ws/v1/cluster/info: connect ECONNREFUSED 10.0.0.1:8088" });
    expect(input.nmDirs).toEqual({ missing: "no NodeManager directories known (no /conf read)" });
    const r = runChecks(input);
    expect(r.find((x) => x.id === "auth")).toMatchObject({ verdict: "unknown", message: expect.stringContaining("HTTP 401") });
    expect(r.find((x) => x.id === "cve-2024-23454")!.verdict).toBe("unknown");
  });

  it("expands ${var} in configured dirs as Hadoop does", () => {
    const conf = confOf([["hadoop.tmp.dir", "/tmp/hadoop-${user.name}"], ["user.name", "yarn"]], "x");
    expect(expandVars("${hadoop.tmp.dir}/nm-local-dir", conf)).toBe("/tmp/hadoop-yarn/nm-local-dir");
    expect(expandVars("${no.such}/x", conf)).toBe("${no.such}/x");
  });
});
