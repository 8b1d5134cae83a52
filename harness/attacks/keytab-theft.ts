// Secure mode with the DefaultContainerExecutor: a tenant's YARN container runs as the NodeManager's own user, so it
// can read the NodeManager's keytab, log in as nm/<host> (which auth_to_local maps to the yarn user, the YARN admin)
// and act on the RM with that identity — here, kill another tenant's app. The script runs in the attacker's container.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GATEWAY_NODE, NM_LOG_DIR, SHARED_DIR } from "../cluster/cluster-config.ts";
import { NODE_KEYTAB } from "../cluster/secure-mode.ts";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import { queueFor } from "../cluster/topology.ts";
import { fixturesDir } from "../util/paths.ts";

export interface KeytabTheftOutcome {
  attacker: string;
  attackerApp: string;
  victimApp: string;
  /** The NodeManager the attacker's container ran on. */
  node?: string;
  /**
   * That node's address on the cluster network: a DefaultContainerExecutor container shares its NodeManager's
   * network namespace, so the KDC sees the container's kinit come from here.
   */
  nodeIp?: string;
  /** When the attack began and ended (epoch ms): the KDC's authtime of the stolen login must fall in between. */
  startedAt?: number;
  endedAt?: number;
  /** What the attacker's container printed (no secret: the keytab's bytes are never printed). */
  stdout: string;
  /** The principal found in the stolen keytab, when it could be read. */
  principal?: string;
  loggedIn: boolean;
  /** The RM's HTTP status for the kill sent with the stolen identity. */
  killStatus?: number;
}

const SCRIPT = `${SHARED_DIR}/attacks/keytab-theft.sh`;

/** Parses the markers the attack script prints. */
export function parseTheftOutput(stdout: string): Pick<KeytabTheftOutcome, "principal" | "loggedIn" | "killStatus"> {
  const principal = /^PRINCIPAL-IN-KEYTAB (\S+)/m.exec(stdout)?.[1];
  const status = /^KILL-HTTP (\d{3})/m.exec(stdout)?.[1];
  return { principal: principal && principal !== "none" ? principal : undefined, loggedIn: /^KINIT-OK /m.test(stdout), killStatus: status ? Number(status) : undefined };
}

export async function keytabTheft(cluster: StartedCluster, attacker: string, victimApp: string): Promise<KeytabTheftOutcome> {
  const startedAt = Date.now();
  const script = readFileSync(join(fixturesDir, "secure", "keytab-theft.sh"), "utf8");
  const put = await cluster.exec(GATEWAY_NODE, ["bash", "-c", `mkdir -p ${SHARED_DIR}/attacks && printf %s "$S" > ${SCRIPT} && chmod 0755 ${SCRIPT}`], { env: { S: script } });
  if (put.exitCode !== 0) throw new Error(`could not place the attack script on ${SHARED_DIR}: ${put.stderr.trim()}`);
  const rm = cluster.rm.as(attacker);
  const a = await rm.submitProbe(queueFor(cluster.topology, attacker), `bash ${SCRIPT} ${cluster.hosts.rm} ${victimApp} ${NODE_KEYTAB} 1><LOG_DIR>/stdout 2>&1`, "keytab-theft");
  if (!a.appId || a.status >= 300) throw new Error(`${attacker} could not submit its container: HTTP ${a.status} ${a.text.slice(0, 200)}`);
  const app = await rm.waitForApp(a.appId, 90_000);
  const node = cluster.nodeManagers.find((n) => app.amHostHttpAddress?.startsWith(n.host))?.name;
  let stdout = "";
  for (const n of node ? [cluster.node(node)] : cluster.nodeManagers) {
    const r = await cluster.exec(n.name, ["bash", "-c", `cat ${NM_LOG_DIR}/${a.appId}/container_*_000001/stdout 2>/dev/null`]);
    if (r.stdout.trim()) {
      stdout = r.stdout;
      break;
    }
  }
  const nodeIp = node ? await cluster.ipOf(node).catch(() => undefined) : undefined;
  return { attacker, attackerApp: a.appId, victimApp, node, nodeIp, startedAt, endedAt: Date.now(), stdout: stdout.slice(0, 3000), ...parseTheftOutput(stdout) };
}
