// Finds a cluster left running (`shieldlab up`, `run --keep`) by its labels and returns it as a StartedCluster.
import { HarnessError } from "../errors/harness-error.ts";
import { docker } from "../engine/docker-engine.ts";
import { CLUSTER_LABEL, NODE_LABEL, ROLE_LABEL, SESSION_LABEL } from "../engine/session.ts";
import type { Logger } from "../log/logger.ts";
import { rmClientFor } from "./cluster-builder.ts";
import { containerExec } from "../engine/container-exec.ts";
import { harnessJws } from "../standalone/jws-token.ts";
import { masterState } from "../standalone/standalone-builder.ts";
import { JWS_KEY_CONF, MASTER_PORT, MASTER_REST_PORT, MASTER_WEB_PORT } from "../standalone/standalone-config.ts";
import { MASTER_NODE } from "./topology.ts";
import { clusterHosts, clusterNetworkName, hostOf, renderClusterConfig } from "./cluster-config.ts";
import type { ClusterNode, NodeRole } from "./node-roles.ts";
import { resolveProfile } from "./security-profile.ts";
import { StartedCluster } from "./started-cluster.ts";
import type { LayerAttacher, StartedLayer } from "./cluster-layer.ts";
import { parseTopology } from "./topology.ts";

export interface RunningSession {
  sessionId: string;
  containers: { name: string; node: string; role: string; state: string; status: string }[];
  kept: boolean;
}

export async function listSessions(): Promise<RunningSession[]> {
  const all = await docker().listContainers({ all: true, filters: { label: [SESSION_LABEL] } });
  const by = new Map<string, RunningSession>();
  for (const c of all) {
    const id = c.Labels[SESSION_LABEL]!;
    const s = by.get(id) ?? { sessionId: id, containers: [], kept: c.Labels["shieldlab.keep"] === "true" };
    s.containers.push({ name: c.Names[0]?.replace(/^\//, "") ?? c.Id, node: c.Labels[NODE_LABEL] ?? "?", role: c.Labels[ROLE_LABEL] ?? "?", state: c.State, status: c.Status });
    by.set(id, s);
  }
  return [...by.values()].sort((a, b) => a.sessionId.localeCompare(b.sessionId));
}

/**
 * Attaches to the named session, or to the only running one; each attacher finds its layer again from what the
 * layer recorded in the cluster's label. Dispose does not stop it.
 */
export async function attachCluster(log: Logger, sessionId?: string, attachers: readonly LayerAttacher[] = []): Promise<StartedCluster> {
  const sessions = (await listSessions()).filter((s) => s.containers.some((c) => (c.role === "resourcemanager" || c.role === "master") && c.state === "running"));
  const pick = sessionId ? sessions.find((s) => s.sessionId === sessionId) : sessions.length === 1 ? sessions[0] : undefined;
  if (!pick) {
    const list = sessions.map((s) => s.sessionId).join(", ") || "none";
    throw new HarnessError(
      "INVALID_INPUT",
      sessionId
        ? `no running cluster with session ${sessionId}; running: ${list}`
        : sessions.length === 0
          ? "no running cluster; start one with `shieldlab up`"
          : `several clusters run (${list}); name one with --session`,
    );
  }
  const containers = await docker().listContainers({ filters: { label: [`${SESSION_LABEL}=${pick.sessionId}`] } });
  const master = containers.find((c) => c.Labels[ROLE_LABEL] === "master");
  if (master) return attachStandalone(log, pick.sessionId, containers, master);
  const rmC = containers.find((c) => c.Labels[ROLE_LABEL] === "resourcemanager")!;
  const desc = JSON.parse(rmC.Labels[CLUSTER_LABEL] ?? "{}") as { topology?: unknown; profile?: Record<string, unknown> & { name?: string }; layers?: Record<string, unknown> };
  const topology = parseTopology(desc.topology ?? {});
  const { name: _name, ...profileFields } = desc.profile ?? {};
  const profile = { ...resolveProfile({ profile: "plain", ...profileFields }), name: String(desc.profile?.name ?? "plain") };
  const hosts = clusterHosts(pick.sessionId);
  const networkName = clusterNetworkName(pick.sessionId);
  const nodes: ClusterNode[] = containers.map((c) => ({
    name: c.Labels[NODE_LABEL] ?? "?",
    host: hostOf(hosts, c.Labels[NODE_LABEL] ?? "?"),
    role: (c.Labels[ROLE_LABEL] ?? "gateway") as NodeRole,
    containerId: c.Id,
  }));
  const rmIp = rmC.NetworkSettings?.Networks?.[networkName]?.IPAddress;
  if (!rmIp) throw new HarnessError("CLUSTER_NOT_READY", `the ResourceManager of ${pick.sessionId} has no address on ${networkName}`);
  const cluster = new StartedCluster({
    sessionId: pick.sessionId,
    image: rmC.Image,
    topology,
    profile,
    config: renderClusterConfig(topology, profile, hosts),
    nodes,
    rm: rmClientFor(profile, hosts, rmIp, nodes.find((n) => n.role === "gateway")?.containerId ?? ""),
    keep: true,
    networkName,
    hosts,
    log: log.child({ session: pick.sessionId }),
  });
  const layers: StartedLayer[] = [];
  for (const a of attachers) {
    const description = desc.layers?.[a.key.name];
    const layer = description === undefined ? undefined : await a.attach(cluster, description);
    if (layer) layers.push(layer);
  }
  cluster.addLayers(layers);
  return cluster;
}

/** A running standalone cluster (`shieldlab up --topology standalone`): its nodes and its master's /json/ state. */
function attachStandalone(log: Logger, sessionId: string, containers: Awaited<ReturnType<ReturnType<typeof docker>["listContainers"]>>, master: (typeof containers)[number]): StartedCluster {
  const desc = JSON.parse(master.Labels[CLUSTER_LABEL] ?? "{}") as { topology?: unknown; profile?: Record<string, unknown> & { name?: string }; spark?: string };
  const topology = parseTopology(desc.topology ?? { manager: "standalone" });
  const { name: _name, ...profileFields } = desc.profile ?? {};
  const profile = { ...resolveProfile({ profile: "plain", ...profileFields }), name: String(desc.profile?.name ?? "plain") };
  const hosts = clusterHosts(sessionId);
  const networkName = clusterNetworkName(sessionId);
  const ip = master.NetworkSettings?.Networks?.[networkName]?.IPAddress;
  if (!ip) throw new HarnessError("CLUSTER_NOT_READY", `the master of ${sessionId} has no address on ${networkName}`);
  const webUrl = `http://${ip}:${MASTER_WEB_PORT}`;
  const masterHost = hostOf(hosts, MASTER_NODE);
  // behind JWSFilter: a token signed with the key in the master's spark-defaults.conf (read once, when first needed)
  let token: Promise<string | undefined> | undefined;
  const bearer = (): Promise<string | undefined> => (token ??= topology.jws ? jwsKeyOf(master.Id).then(harnessJws) : Promise.resolve(undefined));
  return new StartedCluster({
    sessionId,
    image: master.Image,
    topology,
    profile,
    config: { hadoop: {}, spark: {} },
    nodes: containers.map((c) => ({ name: c.Labels[NODE_LABEL] ?? "?", host: hostOf(hosts, c.Labels[NODE_LABEL] ?? "?"), role: (c.Labels[ROLE_LABEL] ?? "gateway") as NodeRole, containerId: c.Id })),
    standalone: { masterUrl: `spark://${masterHost}:${MASTER_PORT}`, webUrl, restUrl: `http://${masterHost}:${MASTER_REST_PORT}`, sparkVersion: desc.spark ?? "?", state: async () => masterState(webUrl, await bearer()), bearerToken: bearer },
    keep: true,
    networkName,
    hosts,
    log: log.child({ session: sessionId }),
  });
}

/** JWSFilter's key, as the master's spark-defaults.conf holds it. */
async function jwsKeyOf(masterId: string): Promise<string> {
  const r = await containerExec(masterId, ["cat", "/opt/spark/conf/spark-defaults.conf"]);
  const line = r.stdout.split("\n").find((l) => l.startsWith(`${JWS_KEY_CONF} `) || l.startsWith(`${JWS_KEY_CONF}=`));
  if (!line) throw new HarnessError("CLUSTER_NOT_READY", `the master's spark-defaults.conf has no ${JWS_KEY_CONF}, though the cluster was started with jws`);
  return line.slice(JWS_KEY_CONF.length + 1).trim();
}
