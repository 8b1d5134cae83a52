// The audit's sources for a cluster the harness started: HTTP to the RM and NMs (SPNEGO through curl --negotiate on
// the gateway with the harness's admin ticket when the profile has it), files and directory modes through docker exec.
import { GATEWAY_NODE, NM_WEB_PORT, RM_NODE, RM_WEB_PORT } from "../cluster/cluster-config.ts";
import { HARNESS_CCACHE, HARNESS_KEYTAB, HARNESS_PRINCIPAL, tenantCcache, tenantKeytab, tenantPrincipal } from "../cluster/secure-mode.ts";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import { fetchTransport, type RmTransport } from "../yarn/rm-client.ts";
import { spnegoTransport } from "../yarn/spnego-transport.ts";
import { parseSparkDefaults } from "./conf-dump.ts";
import { parseStatLines, type AuditSources } from "./audit-fetcher.ts";
import type { Readable } from "./audit-input.ts";

const HADOOP_CONF = "/etc/hadoop/conf";
const SPARK_CONF = "/opt/spark/conf";

async function cat(cluster: StartedCluster, node: string, path: string): Promise<Readable<string>> {
  const r = await cluster.exec(node, ["cat", path]);
  return r.exitCode === 0 ? { value: r.stdout, from: `${node}:${path}` } : { missing: `${node}:${path}: ${r.stderr.trim() || `exit ${r.exitCode}`}` };
}

/** Sources for `cluster` (a running harness cluster) whose clients run Spark `spark`. */
export async function clusterAuditSources(cluster: StartedCluster, spark: string): Promise<AuditSources> {
  const spnego = cluster.profile.kerberos?.spnego === true;
  // under SPNEGO a call names the daemon by host name (HTTP/<host>), from the gateway; otherwise by address, from here
  const rmUrl = spnego ? `http://${cluster.hosts.rm}:${RM_WEB_PORT}` : cluster.rm.baseUrl;
  const nodeManagers = await Promise.all(
    cluster.nodeManagers.map(async (n) => ({ name: n.name, url: `http://${spnego ? n.host : await cluster.ipOf(n.name)}:${NM_WEB_PORT}` })),
  );
  const transportFor = (baseUrl: string): RmTransport =>
    spnego
      ? spnegoTransport((cmd, o) => cluster.exec(GATEWAY_NODE, cmd, o), {
          baseUrl,
          harness: { keytab: HARNESS_KEYTAB, principal: HARNESS_PRINCIPAL, ccache: HARNESS_CCACHE },
          tenant: (user) => ({ keytab: tenantKeytab(user), principal: tenantPrincipal(user), ccache: `${tenantCcache(user)}-rest` }),
        })
      : fetchTransport(baseUrl);
  return {
    resourceManagers: [rmUrl],
    nodeManagers,
    transportFor,
    schedulerFile: () => cat(cluster, RM_NODE, `${HADOOP_CONF}/capacity-scheduler.xml`),
    async sparkDefaults() {
      const f = await cat(cluster, GATEWAY_NODE, `${SPARK_CONF}/spark-defaults.conf`);
      return "value" in f ? { value: parseSparkDefaults(f.value, f.from), from: f.from } : f;
    },
    sparkVersion: async () => ({ value: spark, from: "the cluster's image (images/manifest.json)" }),
    async nmDirs(dirs) {
      const out = [];
      for (const node of new Set(dirs.map((d) => d.node))) {
        const ds = dirs.filter((d) => d.node === node);
        const r = await cluster.exec(node, ["stat", "-c", "%a %U %G %n", ...ds.map((d) => d.path)]);
        out.push(...parseStatLines(r.stdout, ds));
      }
      return out.length ? { value: out, from: "docker exec stat" } : { missing: "stat found none of the NodeManager directories" };
    },
  };
}
