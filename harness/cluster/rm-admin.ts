// `yarn rmadmin` (Hadoop's RMAdminCLI from the image's jars): the YARN admin's commands, run in the RM container by
// the harness (node labels, proxy-user refresh) or as a tenant on another node by an attack.
import { tailLines } from "../errors/harness-error.ts";
import { kinitIfNoTicket } from "../util/kinit-shell.ts";
import { RM_NODE, YARN_USER } from "./cluster-config.ts";
import { KERBEROS_REALM, NODE_KEYTAB } from "./secure-mode.ts";
import type { StartedCluster } from "./started-cluster.ts";

/** One `yarn rmadmin` call and what it answered. */
export interface RmAdminCall {
  args: string[];
  exitCode: number;
  output: string;
}

/**
 * A Hadoop client JVM started as bin/yarn-daemon starts the daemons: C1 only, the serial collector and the image's
 * archive of the daemons' classes (it maps because the jars come first on the class path, as at dump time).
 * `yarn rmadmin`: 1.4 → 0.5 CPU-seconds.
 */
const YARN_CLIENT_JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:SharedArchiveFile=/opt/hadoop/cds/yarn.jsa";

/** The ticket cache of the harness's own `yarn rmadmin` calls in the RM container (secure mode). */
export const RMADMIN_CCACHE = "FILE:/tmp/krb5cc-shieldlab-rmadmin";

/**
 * The command line (exported for tests). The harness's own call runs as YARN's admin: under simple auth it names
 * the yarn user; in secure mode it uses the RM's own service principal (it maps to yarn), keeping the ticket it got
 * (a call while the KDC is down works as long as that ticket is valid). `as` runs it as a tenant's OS user.
 */
export function rmAdminCommand(cluster: Pick<StartedCluster, "profile" | "hosts">, args: string[], as?: { node: string; user: string }): { node: string; cmd: string[]; user?: string; env: Record<string, string> } {
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
  const secure = !as && cluster.profile.kerberos !== undefined;
  const login = secure ? `${kinitIfNoTicket(NODE_KEYTAB, `rm/${cluster.hosts.rm}@${KERBEROS_REALM}`)} && ` : "";
  const java = `java -Xmx256m $(java-module-opts) ${YARN_CLIENT_JVM_OPTIONS} -Dshieldlab.daemon=rmadmin -cp "/opt/hadoop/lib/*:$HADOOP_CONF_DIR" org.apache.hadoop.yarn.client.cli.RMAdminCLI ${quoted}`;
  const cmd = ["bash", "-c", `cd /tmp && ${login}${java}`];
  if (as) return { node: as.node, cmd, user: as.user, env: { HADOOP_USER_NAME: as.user, HOME: `/home/${as.user}` } };
  return { node: RM_NODE, cmd, env: secure ? { KRB5CCNAME: RMADMIN_CCACHE } : { HADOOP_USER_NAME: YARN_USER } };
}

/** Runs `yarn rmadmin <args>` (see rmAdminCommand). Never throws on exit codes. */
export async function rmAdmin(cluster: StartedCluster, args: string[], as?: { node: string; user: string }): Promise<RmAdminCall> {
  const c = rmAdminCommand(cluster, args, as);
  const r = await cluster.exec(c.node, c.cmd, c.user ? { user: c.user, env: c.env } : { env: c.env });
  return { args, exitCode: r.exitCode, output: tailLines(`${r.stdout}${r.stderr}`.split("\n").filter((l) => !/^\s+at |^\s*\.\.\. \d+ more|^log4j:|FileNotFoundException: \/var\/log/.test(l)).join("\n"), 20) };
}
