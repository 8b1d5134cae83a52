// The audit's input for a cluster the harness would start with a profile, built from the very files the harness
// renders for it (core-site, yarn-site, capacity-scheduler, spark-defaults), with the RM's /conf in ConfServlet's
// XML form: each profile's expected posture is then a unit test, without Docker.
import { capacityScheduler, clusterHosts, coreSite, sparkDefaults, yarnSite } from "../cluster/cluster-config.ts";
import type { Properties } from "../cluster/hadoop-xml.ts";
import type { SecurityProfile } from "../cluster/security-profile.ts";
import { parseTopology } from "../cluster/topology.ts";
import { parseConfXml, parseSparkDefaults } from "./conf-dump.ts";
import type { AuditInput } from "./audit-input.ts";

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** What Hadoop's ConfServlet answers for a daemon configured from these files (each property's <source> its file). */
export function confServletXml(files: Record<string, Properties>): string {
  const props = Object.entries(files).flatMap(([file, ps]) =>
    ps.map(([n, v]) => `<property><name>${esc(n)}</name><value>${esc(String(v))}</value><final>false</final><source>${esc(file)}</source></property>`),
  );
  return `<?xml version="1.0" encoding="UTF-8" standalone="no"?><configuration>\n${props.join("\n")}\n</configuration>`;
}

/** The audit input of a harness cluster with profile `p` (two NodeManagers, tenants alice and bob) on a version pair. */
export function renderedAuditInput(p: SecurityProfile, pair: { spark: string; hadoop: string }): AuditInput {
  const t = parseTopology({ nodeManagers: 2, tenants: ["alice", "bob"] }, "topology");
  const hosts = clusterHosts("audit-rendered");
  const daemonXml = confServletXml({ "core-site.xml": coreSite(p), "yarn-site.xml": yarnSite(t, p, hosts) });
  const conf = parseConfXml(daemonXml, "rendered /conf");
  const csXml = confServletXml({ "capacity-scheduler.xml": capacityScheduler(t) });
  const spark = sparkDefaults(t, p, { keystorePassword: "audit-test" }).map(([k, v]) => `${k} ${v}`).join("\n");
  return {
    resourceManagers: [{ name: "rm", url: `http://${hosts.rm}:8088`, conf }],
    nodeManagers: ["nm-1", "nm-2"].map((n) => ({ name: n, url: `http://${hosts.prefix}-${n}.${hosts.domain}:8042`, conf })),
    clusterInfo: { value: { state: "STARTED", haState: "ACTIVE", hadoopVersion: pair.hadoop, resourceManagerVersion: pair.hadoop }, from: "rm /ws/v1/cluster/info" },
    scheduler: { value: parseConfXml(csXml, "capacity-scheduler.xml"), from: "capacity-scheduler.xml" },
    sparkDefaults: { value: parseSparkDefaults(spark), from: "spark-defaults.conf" },
    sparkVersion: { value: pair.spark, from: "images/manifest.json" },
    nmDirs: { missing: "rendered configuration only (no nodes)" },
  };
}
