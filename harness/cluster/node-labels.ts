// dedicatedNodes: puts each tenant's exclusive YARN node label on its NodeManager with the real `yarn rmadmin`
// (RMAdminCLI from the image's jars, as YARN's admin), then waits until the RM REST API shows every label applied.
import { HarnessError, tailLines } from "../errors/harness-error.ts";
import { notYet, ready, waitUntil } from "../util/wait-until.ts";
import { RM_NODE, YARN_USER, hostOf } from "./cluster-config.ts";
import type { StartedCluster } from "./started-cluster.ts";
import { dedicatedNodes, type DedicatedNode } from "./topology.ts";
import { KERBEROS_REALM, NODE_KEYTAB } from "./secure-mode.ts";

/**
 * A Hadoop client JVM started as bin/yarn-daemon starts the daemons: C1 only, the serial collector and the image's
 * archive of the daemons' classes (it maps because the jars come first on the class path, as at dump time).
 * `yarn rmadmin`: 1.4 → 0.5 CPU-seconds.
 */
const YARN_CLIENT_JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:SharedArchiveFile=/opt/hadoop/cds/yarn.jsa";

/** The ticket cache of the harness's own `yarn rmadmin` calls in the RM container (secure mode). */
const RMADMIN_CCACHE = "FILE:/tmp/krb5cc-shieldlab-rmadmin";

/** One `yarn rmadmin` call and what it answered. */
export interface RmAdminCall {
  args: string[];
  exitCode: number;
  output: string;
}

/** The `yarn rmadmin` arguments that create the labels and put them on the nodes (host names resolved). */
export function nodeLabelCommands(labels: DedicatedNode[], hostOfNode: (node: string) => string): string[][] {
  if (labels.length === 0) return [];
  return [
    ["-addToClusterNodeLabels", labels.map((d) => `${d.label}(exclusive=true)`).join(",")],
    ["-replaceLabelsOnNode", labels.map((d) => `${hostOfNode(d.node)}=${d.label}`).join(" "), "-failOnUnknownNodes"],
  ];
}

/**
 * `yarn rmadmin <args>` (Hadoop's RMAdminCLI), by default in the RM container as YARN's admin (simple auth:
 * HADOOP_USER_NAME; secure mode: the RM's own service principal from its keytab, which maps to the yarn user);
 * `as` runs it as a tenant's OS user on another node (an attack). Never throws on exit codes.
 */
export async function rmAdmin(cluster: StartedCluster, args: string[], as?: { node: string; user: string }): Promise<RmAdminCall> {
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
  const login = !as && cluster.profile.kerberos ? `kinit -kt '${NODE_KEYTAB}' 'rm/${cluster.hosts.rm}@${KERBEROS_REALM}' && ` : "";
  const r = await cluster.exec(
    as?.node ?? RM_NODE,
    ["bash", "-c", `cd /tmp && ${login}java -Xmx256m $(java-module-opts) ${YARN_CLIENT_JVM_OPTIONS} -Dshieldlab.daemon=rmadmin -cp "/opt/hadoop/lib/*:$HADOOP_CONF_DIR" org.apache.hadoop.yarn.client.cli.RMAdminCLI ${quoted}`],
    as
      ? { user: as.user, env: { HADOOP_USER_NAME: as.user, HOME: `/home/${as.user}` } }
      : { env: login ? { KRB5CCNAME: RMADMIN_CCACHE } : { HADOOP_USER_NAME: YARN_USER } },
  );
  return { args, exitCode: r.exitCode, output: tailLines(`${r.stdout}${r.stderr}`.split("\n").filter((l) => !/^\s+at |^\s*\.\.\. \d+ more|^log4j:|FileNotFoundException: \/var\/log/.test(l)).join("\n"), 20) };
}

/** Labels the dedicated NodeManagers and waits for the RM to report each label on its node. Returns the calls made. */
export async function applyNodeLabels(cluster: StartedCluster, timeoutMs = 60_000): Promise<RmAdminCall[]> {
  const labels = dedicatedNodes(cluster.topology);
  const calls: RmAdminCall[] = [];
  for (const args of nodeLabelCommands(labels, (n) => hostOf(cluster.hosts, n))) {
    const call = await rmAdmin(cluster, args);
    calls.push(call);
    cluster.log.info({ rmadmin: call.args, exitCode: call.exitCode }, "yarn rmadmin");
    if (call.exitCode !== 0)
      throw new HarnessError("CLUSTER_START_FAILED", `yarn rmadmin ${args[0]} failed (exit ${call.exitCode}) on ${cluster.hosts.rm}`, { logTail: call.output });
  }
  await waitUntil(
    {
      what: `node labels ${labels.map((d) => `${d.node}=${d.label}`).join(", ")} on RUNNING NodeManagers in the ResourceManager`,
      timeoutMs,
      intervalMs: 500,
      code: "CLUSTER_NOT_READY",
      logTail: async () => calls.map((c) => `rmadmin ${c.args.join(" ")} → exit ${c.exitCode}\n${c.output}`).join("\n"),
    },
    async () => {
      const nodes = await cluster.rm.nodes("RUNNING");
      const missing = labels
        .filter((d) => !nodes.some((n) => n.nodeHostName === hostOf(cluster.hosts, d.node) && (n.nodeLabels ?? []).includes(d.label)))
        .map((d) => `${d.node}=${d.label}`);
      return missing.length === 0 ? ready(undefined) : notYet(`missing ${missing.join(", ")}`);
    },
  );
  return calls;
}
